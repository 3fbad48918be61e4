import { createPrivateKey, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { oauthConfig, OAuthConfig } from '../../config/configuration';
import { KeyEncryption } from './key-encryption';
import { generateKeyPem, JwtAlgorithm, PublicJwk, readKeyFiles, SigningKey, signingKeyFromPem } from './signing-key-files';
import { SigningKeyRecord } from './signing-key.entity';

// A token whose kid no instance here knows makes us look in the database at most this often.
const UNKNOWN_KID_RELOAD_MS = 1000;
// How often an insert that lost a race for its generation number is tried again.
const INSERT_ATTEMPTS = 5;

// The column keeps no fraction of a second; rounding down keeps a key active when read back.
const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** What `keys:list` shows of a key. */
export interface SigningKeyInfo {
  kid: string;
  alg: string;
  activates_at: string;
  signing: boolean;
}

/**
 * The JWT signing keys, kept in the database so that every instance sees the same set
 * (docs/OPERATIONS.md, "Signing keys"). Each instance loads them at start and again every
 * SIGNING_KEYS_RELOAD_SECONDS, so signing and verifying never touch the database. Every key is
 * published; the newest key of the configured algorithm whose activation time has come signs.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly box: KeyEncryption;
  private keys: SigningKey[] = [];
  private byKid = new Map<string, SigningKey>();
  private timer?: NodeJS.Timeout;
  private reloading?: Promise<void>;
  private lastUnknownKidReload = 0;
  private maxGeneration = 0;
  private readonly removedListeners: Array<(kid: string) => void> = [];
  readonly algorithm: JwtAlgorithm;
  jwks: { keys: PublicJwk[] } = { keys: [] };

  constructor(
    @InjectRepository(SigningKeyRecord) private readonly rows: Repository<SigningKeyRecord>,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {
    this.algorithm = config.jwtAlgorithm;
    this.box = new KeyEncryption(config.signingKeysSecret);
  }

  async onModuleInit(): Promise<void> {
    await this.importKeyFiles();
    await this.ensureSigningKey();
    this.current(); // throws when no key can sign
    this.timer = setInterval(() => void this.reload().catch((e: Error) => this.logger.warn(`Reloading the signing keys failed: ${e.message}`)), this.reloadMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  get reloadMs(): number {
    return this.config.signingKeysReloadSeconds * 1000;
  }

  /** The key that signs now: the newest active one of the configured algorithm that this instance can open. */
  current(now = Date.now()): SigningKey & { privateKey: KeyObject } {
    const key = this.signingKey(now);
    if (!key) throw new Error(`No ${this.algorithm} signing key opens with SIGNING_KEYS_SECRET: set the secret the keys were stored under`);
    return key;
  }

  private signingKey(now: number): (SigningKey & { privateKey: KeyObject }) | undefined {
    let best: SigningKey | undefined;
    for (const k of this.keys) {
      // Newest generation first: of two keys activating in the same second, the newer one wins.
      if (k.alg === this.algorithm && k.privateKey && k.activeFrom <= now && (!best || k.activeFrom > best.activeFrom)) best = k;
    }
    return best as (SigningKey & { privateKey: KeyObject }) | undefined;
  }

  find(kid: unknown): SigningKey | undefined {
    return typeof kid === 'string' ? this.byKid.get(kid) : undefined;
  }

  /**
   * A kid this instance does not know may be a key another instance has just created: look in
   * the database at once rather than refuse its tokens until the next reload (rate-limited, so
   * made-up kids cannot turn every request into a query).
   */
  async findFresh(kid: unknown): Promise<SigningKey | undefined> {
    const known = this.find(kid);
    if (known || typeof kid !== 'string' || kid.length > 64) return known;
    if (Date.now() - this.lastUnknownKidReload >= UNKNOWN_KID_RELOAD_MS) {
      this.lastUnknownKidReload = Date.now();
      await this.reload();
    } else if (this.reloading) {
      await this.reloading;
    }
    return this.find(kid);
  }

  /** Reads the key set again (one query); concurrent calls share one read. */
  reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /**
   * A new key of the configured algorithm, published at once by every instance within the reload
   * interval and signing from `activateInSeconds` on: by default two reload intervals and a
   * margin, so every instance publishes it before any token signed with it exists.
   */
  async rotate(activateInSeconds = this.defaultActivationDelaySeconds()): Promise<{ key: SigningKey; publishedEverywhereBy: Date }> {
    const pem = generateKeyPem(this.algorithm);
    const key = signingKeyFromPem(pem, this.algorithm, wholeSeconds(Date.now() + activateInSeconds * 1000));
    let stored = false;
    for (let i = 0; i < INSERT_ATTEMPTS && !stored; i++) stored = await this.insert(key, pem);
    if (!stored) throw new Error('the new key could not be stored');
    await this.reload();
    return { key, publishedEverywhereBy: new Date(Date.now() + this.reloadMs) };
  }

  defaultActivationDelaySeconds(): number {
    return 2 * this.config.signingKeysReloadSeconds + 10;
  }

  /**
   * Removes a key once no token signed with it can still be valid: it stopped signing when a
   * newer key became active, instances may have kept signing with it for one more reload
   * interval, and an access token lives at most ACCESS_TOKEN_TTL_MAX_SECONDS. Earlier only with
   * `force`; the key that signs now never. A key not active yet may go at once.
   */
  async retire(kid: string, force = false, now = Date.now()): Promise<{ kid: string; retired_at: string }> {
    const all = await this.rows.find();
    const key = all.find((r) => r.kid === kid);
    if (!key) throw new Error(`no signing key ${kid}`);
    const successors = all.map((r) => r.activatesAt.getTime()).filter((t) => t > key.activatesAt.getTime() && t <= now);
    // A key not active yet has signed nothing: retiring it cancels a rotation.
    const pending = key.activatesAt.getTime() > now;
    if (!pending && successors.length === 0) throw new Error(`${kid} still signs (no newer key is active yet); rotate first`);
    const safeAt = pending ? now : Math.min(...successors) + this.reloadMs + this.config.accessTokenTtlMaxSeconds * 1000;
    if (now < safeAt && !force) {
      throw new Error(`tokens signed with ${kid} may be valid until ${new Date(safeAt).toISOString()}; retire it then, or use --force`);
    }
    await this.rows.delete({ kid });
    await this.reload();
    return { kid, retired_at: new Date(now).toISOString() };
  }

  async list(now = Date.now()): Promise<SigningKeyInfo[]> {
    await this.reload();
    const signing = this.signingKey(now)?.kid;
    return this.keys.map((k) => ({ kid: k.kid, alg: k.alg, activates_at: new Date(k.activeFrom).toISOString(), signing: k.kid === signing }));
  }

  private async load(): Promise<void> {
    const rows = await this.rows.find({ order: { generation: 'DESC' } });
    const keys = rows.map((r) => this.byKid.get(r.kid) ?? this.open(r));
    // A key another instance (or keys:rotate) added since the last load; not every key at start.
    const added = this.keys.length > 0 ? keys.filter((k) => !this.byKid.has(k.kid)) : [];
    for (const k of added) this.logger.log(`Signing key ${k.kid} published; it signs from ${new Date(k.activeFrom).toISOString()}`);
    const removed = this.keys.filter((k) => !keys.some((n) => n.kid === k.kid));
    this.keys = keys;
    this.maxGeneration = rows[0]?.generation ?? 0;
    this.byKid = new Map(keys.map((k) => [k.kid, k]));
    this.jwks = { keys: keys.map((k) => k.publicJwk) };
    for (const k of removed) for (const listener of this.removedListeners) listener(k.kid);
  }

  /** Called with the kid of each key this instance stops publishing (retired). */
  onKeyRemoved(listener: (kid: string) => void): void {
    this.removedListeners.push(listener);
  }

  private open(row: SigningKeyRecord): SigningKey {
    const alg = row.alg as JwtAlgorithm;
    const publicKey = createPublicKey({ key: JSON.parse(row.publicJwk) as JsonWebKey, format: 'jwk' });
    const pem = this.box.open(row.kid, row.privateKeySealed);
    if (!pem) this.logger.error(`Signing key ${row.kid} does not open with SIGNING_KEYS_SECRET: it verifies tokens but cannot sign`);
    return {
      kid: row.kid,
      alg,
      activeFrom: row.activatesAt.getTime(),
      privateKey: pem ? createPrivateKey(pem) : null,
      publicKey,
      publicJwk: JSON.parse(row.publicJwk) as PublicJwk,
    };
  }

  /**
   * Stores a key under the next generation number; false when another instance took that
   * number (or the key) first: the caller looks again and retries if it still needs to.
   */
  private async insert(key: SigningKey, pem: string, generation?: number): Promise<boolean> {
    generation ??= ((await this.rows.maximum('generation')) ?? 0) + 1;
    try {
      await this.rows.insert({
        kid: key.kid,
        generation,
        alg: key.alg,
        publicJwk: JSON.stringify(key.publicJwk),
        privateKeySealed: this.box.seal(key.kid, pem),
        activatesAt: new Date(key.activeFrom),
      });
      return true;
    } catch (e) {
      if (e instanceof QueryFailedError) return false;
      throw e;
    }
  }

  /** A first start (or a new JWT_ALGORITHM) makes a key; two instances starting together make one. */
  private async ensureSigningKey(): Promise<void> {
    for (let i = 0; i < INSERT_ATTEMPTS; i++) {
      await this.reload();
      if (this.keys.some((k) => k.alg === this.algorithm && k.activeFrom <= Date.now())) return;
      const pem = generateKeyPem(this.algorithm);
      // The generation after the set just read: instances that all saw no key all ask for the same number.
      if (await this.insert(signingKeyFromPem(pem, this.algorithm, wholeSeconds(Date.now())), pem, this.maxGeneration + 1)) {
        this.logger.log(`Generated a new ${this.algorithm} signing key`);
      }
    }
    await this.reload();
  }

  /** Keys of an earlier version's SIGNING_KEYS_DIR, copied into the database once, so their tokens stay valid. */
  private async importKeyFiles(): Promise<void> {
    for (const file of readKeyFiles(this.config.signingKeysDir)) {
      const key = signingKeyFromPem(file.pem, file.alg, file.activeFrom);
      for (let i = 0; i < INSERT_ATTEMPTS && !(await this.rows.existsBy({ kid: key.kid })); i++) {
        if (await this.insert(key, file.pem)) this.logger.log(`Imported signing key ${key.kid} from ${this.config.signingKeysDir}`);
      }
    }
  }
}
