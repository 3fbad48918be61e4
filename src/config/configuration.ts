import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigType, registerAs } from '@nestjs/config';
import { validateEnv } from './env.validation';
import { PROJECT_ROOT } from './paths';

// The only place that reads process.env: everything else injects a namespace below.
const env = () => validateEnv(process.env);

/** Throws an Error naming every wrong variable; main.ts calls it before anything starts. */
export function assertValidEnvironment(): void {
  env();
}

export const DATA_DIR = resolve(PROJECT_ROOT, 'data');
const inProject = (p: string) => (isAbsolute(p) ? p : resolve(PROJECT_ROOT, p));

/** Zero-configuration start: a random secret generated once and kept under data/. */
function persistedSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const appConfig = registerAs('app', () => {
  const e = env();
  const trustProxy = e.TRUST_PROXY;
  return {
    env: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    issuer: e.ISSUER ?? `http://localhost:${e.PORT}`,
    // TRUST_PROXY as Fastify takes it: a hop count, true/false, or a comma-separated list of addresses.
    trustProxy:
      trustProxy === undefined
        ? false
        : /^\d+$/.test(trustProxy)
          ? Number(trustProxy)
          : trustProxy === 'true'
            ? true
            : trustProxy === 'false'
              ? false
              : trustProxy,
    logLevel: e.LOG_LEVEL,
    cleanupIntervalSeconds: e.CLEANUP_INTERVAL_SECONDS,
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    metricsToken: e.METRICS_TOKEN,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedMb: e.MAX_HEAP_USED_MB,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
  };
});

export const databaseConfig = registerAs('database', () => {
  const e = env();
  return {
    url: e.DATABASE_URL ?? `sqlite:${resolve(DATA_DIR, 'auth-center.sqlite')}`,
    poolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
  };
});

const sessionSecret = (e: ReturnType<typeof env>) => e.SESSION_SECRET ?? persistedSecret(resolve(DATA_DIR, 'session-secret'));

export const sessionConfig = registerAs('session', () => {
  const e = env();
  return {
    secret: sessionSecret(e),
    ttlSeconds: e.SESSION_TTL_SECONDS,
    // Cookies are Secure whenever the public URL is https.
    secureCookies: (e.ISSUER ?? '').startsWith('https://'),
  };
});

export const mailConfig = registerAs('mail', () => {
  const e = env();
  return {
    smtpUrl: e.SMTP_URL,
    from: e.MAIL_FROM,
    outboxDir: inProject(e.MAIL_OUTBOX_DIR ?? 'data/outbox'),
  };
});

export const accountsConfig = registerAs('accounts', () => {
  const e = env();
  return {
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL_SECONDS,
    emailVerificationTtlSeconds: e.EMAIL_VERIFICATION_TTL_SECONDS,
    loginMaxFailuresPerAccountAndIp: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    passwordResetMaxPerHour: e.PASSWORD_RESET_MAX_PER_HOUR,
    registerMaxPerHour: e.REGISTER_MAX_PER_HOUR,
    passwordHashQueue: e.PASSWORD_HASH_QUEUE,
  };
});

export const oauthConfig = registerAs('oauth', () => {
  const e = env();
  return {
    codeTtlSeconds: e.AUTHORIZATION_CODE_TTL_SECONDS,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    // An application may choose its own lifetimes up to these (CONTRACT §2.2).
    accessTokenTtlMaxSeconds: e.ACCESS_TOKEN_TTL_MAX_SECONDS,
    refreshTokenTtlMaxSeconds: e.REFRESH_TOKEN_TTL_MAX_SECONDS,
    refreshReuseGraceSeconds: e.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    jwtAlgorithm: e.JWT_ALGORITHM,
    // Key files of earlier versions, imported once into the database.
    signingKeysDir: inProject(e.SIGNING_KEYS_DIR ?? 'data/keys'),
    // Seals the private signing keys in the database; the session secret unless set (docs/OPERATIONS.md).
    signingKeysSecret: e.SIGNING_KEYS_SECRET ?? sessionSecret(e),
    signingKeysReloadSeconds: e.SIGNING_KEYS_RELOAD_SECONDS,
    verifiedTokenCacheSize: e.VERIFIED_TOKEN_CACHE_SIZE,
    allowImplicitGrant: e.ALLOW_IMPLICIT_GRANT,
    allowPasswordGrant: e.ALLOW_PASSWORD_GRANT,
    requirePkce: e.REQUIRE_PKCE,
    clientAuthMaxFailures: e.CLIENT_AUTH_MAX_FAILURES,
  };
});

export const tlsConfig = registerAs('tls', () => {
  const e = env();
  const file = (p: string | undefined) => (p ? inProject(p) : undefined);
  return {
    certFile: file(e.TLS_CERT_FILE),
    keyFile: file(e.TLS_KEY_FILE),
    clientCaFile: file(e.TLS_CLIENT_CA_FILE),
    // Header names arrive lower-cased.
    clientCertHeader: e.TLS_CLIENT_CERT_HEADER?.toLowerCase(),
    dpopRequireNonce: e.DPOP_REQUIRE_NONCE,
  };
});

export type AppConfig = ConfigType<typeof appConfig>;
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
export type SessionConfig = ConfigType<typeof sessionConfig>;
export type MailConfig = ConfigType<typeof mailConfig>;
export type AccountsConfig = ConfigType<typeof accountsConfig>;
export type OAuthConfig = ConfigType<typeof oauthConfig>;
export type TlsConfig = ConfigType<typeof tlsConfig>;

export const ALL_CONFIG = [appConfig, databaseConfig, sessionConfig, mailConfig, accountsConfig, oauthConfig, tlsConfig];
