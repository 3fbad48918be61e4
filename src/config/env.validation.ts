import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }) => (typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** Every variable the server reads; `.env.example` documents the same list. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#]+(\/[^?#]*[^/?#])?$/, {
    message: 'ISSUER must be an absolute http(s) URL without query, fragment or trailing slash',
  })
  ISSUER?: string;

  @IsOptional()
  @Matches(/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/, {
    message: 'DATABASE_URL must start with sqlite:, mysql:// or mariadb://',
  })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10000)
  REDIS_COMMAND_TIMEOUT_MS = 200;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  SESSION_TTL_SECONDS = 1209600;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'auth-center <no-reply@localhost>';

  @IsOptional()
  @IsString()
  MAIL_OUTBOX_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(600)
  AUTHORIZATION_CODE_TTL_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 2592000;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_MAX_SECONDS = 86400;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_MAX_SECONDS = 7776000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_TOKEN_REUSE_GRACE_SECONDS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  PASSWORD_RESET_TTL_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  EMAIL_VERIFICATION_TTL_SECONDS = 259200;

  @IsIn(['ES256', 'RS256'])
  JWT_ALGORITHM: 'ES256' | 'RS256' = 'ES256';

  @IsOptional()
  @IsString()
  SIGNING_KEYS_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SIGNING_KEYS_SECRET must be at least 32 characters' })
  SIGNING_KEYS_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SIGNING_KEYS_RELOAD_SECONDS = 60;

  /** Access tokens whose signature this instance verified already (0: verify every time). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000000)
  VERIFIED_TOKEN_CACHE_SIZE = 10000;

  @Transform(toBool)
  @IsBoolean()
  ALLOW_IMPLICIT_GRANT = true;

  @Transform(toBool)
  @IsBoolean()
  ALLOW_PASSWORD_GRANT = true;

  @Transform(toBool)
  @IsBoolean()
  REQUIRE_PKCE = false;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  TLS_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  TLS_CLIENT_CA_FILE?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/)
  TLS_CLIENT_CERT_HEADER?: string;

  @Transform(toBool)
  @IsBoolean()
  DPOP_REQUIRE_NONCE = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PASSWORD_RESET_MAX_PER_HOUR = 5;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000)
  PASSWORD_HASH_QUEUE = 32;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  MAX_EVENT_LOOP_DELAY_MS = 100;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  MAX_HEAP_USED_MB = 0;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTER_MAX_PER_HOUR = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  CLIENT_AUTH_MAX_FAILURES = 20;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  CLEANUP_INTERVAL_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_TIMEOUT_SECONDS = 20;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUDIT_RETENTION_DAYS = 365;
}

const PLACEHOLDER_SECRETS = ['change-me', 'changeme', 'secret', 'please-change-this-secret-in-production'];

/** Used by ConfigModule: a wrong value stops the app with a message naming the variable. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (env.ACCESS_TOKEN_TTL_SECONDS > env.ACCESS_TOKEN_TTL_MAX_SECONDS) messages.push('ACCESS_TOKEN_TTL_SECONDS: above ACCESS_TOKEN_TTL_MAX_SECONDS');
  if (env.REFRESH_TOKEN_TTL_SECONDS > env.REFRESH_TOKEN_TTL_MAX_SECONDS) messages.push('REFRESH_TOKEN_TTL_SECONDS: above REFRESH_TOKEN_TTL_MAX_SECONDS');
  if (env.NODE_ENV === 'production') {
    if (!env.SESSION_SECRET) messages.push('SESSION_SECRET: required in production');
    else if (PLACEHOLDER_SECRETS.includes(env.SESSION_SECRET.toLowerCase()))
      messages.push('SESSION_SECRET: the placeholder from .env.example must be replaced');
    if (env.SIGNING_KEYS_SECRET && PLACEHOLDER_SECRETS.includes(env.SIGNING_KEYS_SECRET.toLowerCase()))
      messages.push('SIGNING_KEYS_SECRET: the placeholder from .env.example must be replaced');
  }
  if (!env.TLS_CERT_FILE !== !env.TLS_KEY_FILE) messages.push('TLS_CERT_FILE, TLS_KEY_FILE: set both or neither');
  if (messages.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${messages.join('\n  - ')}`);
  }
  return env;
}
