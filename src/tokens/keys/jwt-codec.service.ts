import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { SigningKey } from './signing-key-files';
import { SigningKeysService } from './signing-keys.service';

export type JwtCheck =
  { ok: true; header: Record<string, unknown>; payload: Record<string, unknown>; key: SigningKey } | { ok: false; reason: 'malformed' | 'expired' };
type Expectation = { typ: (typ: unknown) => boolean; issuer: string; audience?: string; now?: number; ignoreExpiration?: boolean };

const MAX_LENGTH = 8192;

/**
 * JWS for the tokens this server issues, through @nestjs/jwt: signed with the key that signs
 * now, verified with the key its `kid` names and only with that key's algorithm (never the one
 * the token's header claims: no algorithm confusion, no `none`).
 */
@Injectable()
export class JwtCodec {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeysService,
  ) {}

  /** A compact JWS of `payload` with header `typ`, `alg` and `kid` of the current key. */
  sign(typ: string, payload: Record<string, unknown>): string {
    const key = this.keys.current();
    return this.jwt.sign(payload, { algorithm: key.alg, keyid: key.kid, header: { alg: key.alg, typ }, privateKey: key.privateKey });
  }

  /**
   * Signature, algorithm, `typ` (a predicate), `iss`, `aud` (when given) and `exp` (against `now`, epoch ms; unless ignored).
   * `expired` only for a token that is otherwise valid.
   */
  verify(token: string, expect: Expectation): JwtCheck {
    if (token.length > MAX_LENGTH) return { ok: false, reason: 'malformed' };
    const decoded = this.decodeHeader(token);
    return this.check(token, decoded, decoded && this.keys.find(decoded.kid), expect);
  }

  /**
   * verify(), except that a kid this instance does not know yet is looked up in the key store
   * first: a token signed by another instance with a key created since our last reload.
   */
  async verifyFresh(token: string, expect: Expectation): Promise<JwtCheck> {
    if (token.length > MAX_LENGTH) return { ok: false, reason: 'malformed' };
    const decoded = this.decodeHeader(token);
    const key = decoded && (this.keys.find(decoded.kid) ?? (await this.keys.findFresh(decoded.kid)));
    return this.check(token, decoded, key, expect);
  }

  /** The key is still published (not retired, not replaced) on this instance. */
  isPublished(key: SigningKey): boolean {
    return this.keys.find(key.kid) === key;
  }

  private check(token: string, decoded: Record<string, unknown> | null, key: SigningKey | null | undefined, expect: Expectation): JwtCheck {
    if (!decoded || !key || decoded.alg !== key.alg || !expect.typ(decoded.typ)) return { ok: false, reason: 'malformed' };
    try {
      const payload = this.jwt.verify<Record<string, unknown>>(token, {
        // jsonwebtoken takes a KeyObject (parsed once per key, not per token); the typings say PEM only.
        publicKey: key.publicKey as unknown as string,
        algorithms: [key.alg],
        issuer: expect.issuer,
        audience: expect.audience,
        clockTimestamp: Math.floor((expect.now ?? Date.now()) / 1000),
        ignoreExpiration: expect.ignoreExpiration ?? false,
      });
      return { ok: true, header: decoded, payload, key };
    } catch (e) {
      return { ok: false, reason: e instanceof TokenExpiredError ? 'expired' : 'malformed' };
    }
  }

  private decodeHeader(token: string): Record<string, unknown> | null {
    try {
      const decoded = this.jwt.decode<{ header?: unknown } | null>(token, { complete: true });
      const header = decoded?.header;
      return header && typeof header === 'object' ? (header as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
}
