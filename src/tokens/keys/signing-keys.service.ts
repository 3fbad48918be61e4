import { Inject, Injectable, Logger } from '@nestjs/common';
import { oauthConfig, OAuthConfig } from '../../config/configuration';
import type { JwtAlgorithm } from './signing-key-files';
import { readSigningKeys, SigningKey, writeSigningKey } from './signing-key-files';

/**
 * The JWT signing keys, read once at start from `signingKeysDir` (one is generated on first
 * start). Every key in the folder is published, so tokens signed before a rotation keep
 * verifying; the newest key of the configured algorithm whose start time has come signs.
 */
@Injectable()
export class SigningKeysService {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly keys: SigningKey[];
  private readonly byKid: Map<string, SigningKey>;
  readonly algorithm: JwtAlgorithm;
  readonly jwks: { keys: SigningKey['publicJwk'][] };

  constructor(@Inject(oauthConfig.KEY) config: OAuthConfig) {
    this.algorithm = config.jwtAlgorithm;
    const keys = readSigningKeys(config.signingKeysDir);
    if (!keys.some((k) => k.alg === this.algorithm && k.activeFrom <= Date.now())) {
      keys.push(writeSigningKey(config.signingKeysDir, this.algorithm));
      this.logger.log(`Generated a new ${this.algorithm} signing key in ${config.signingKeysDir}`);
    }
    this.keys = keys;
    this.byKid = new Map(keys.map((k) => [k.kid, k]));
    this.jwks = { keys: keys.map((k) => k.publicJwk).reverse() };
  }

  /** The key that signs now. */
  current(now = Date.now()): SigningKey {
    let best: SigningKey | undefined;
    for (const k of this.keys) {
      if (k.alg === this.algorithm && k.activeFrom <= now && (!best || k.activeFrom >= best.activeFrom)) best = k;
    }
    return best ?? this.keys.find((k) => k.alg === this.algorithm)!;
  }

  find(kid: unknown): SigningKey | undefined {
    return typeof kid === 'string' ? this.byKid.get(kid) : undefined;
  }
}
