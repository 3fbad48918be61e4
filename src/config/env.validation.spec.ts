import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateEnv } from './env.validation';
import { PROJECT_ROOT } from './paths';

describe('configuration validation', () => {
  it('an empty environment is a complete development configuration', () => {
    const env = validateEnv({});
    assert.equal(env.PORT, 3000);
    assert.equal(env.JWT_ALGORITHM, 'ES256');
    assert.equal(env.ALLOW_IMPLICIT_GRANT, true);
  });

  it('parses numbers and booleans from strings', () => {
    const env = validateEnv({ PORT: '8080', ALLOW_PASSWORD_GRANT: 'false', REQUIRE_PKCE: '1' });
    assert.equal(env.PORT, 8080);
    assert.equal(env.ALLOW_PASSWORD_GRANT, false);
    assert.equal(env.REQUIRE_PKCE, true);
  });

  it('names every wrong variable in one message', () => {
    assert.throws(
      () => validateEnv({ PORT: 'eighty', ISSUER: 'https://id.example.com/', DATABASE_URL: 'postgres://x', JWT_ALGORITHM: 'HS256' }),
      (e: Error) => ['PORT', 'ISSUER', 'DATABASE_URL', 'JWT_ALGORITHM'].every((name) => e.message.includes(name)),
    );
  });

  it('refuses a default token lifetime above its maximum, and a short signing-keys secret', () => {
    assert.throws(() => validateEnv({ ACCESS_TOKEN_TTL_SECONDS: '7200', ACCESS_TOKEN_TTL_MAX_SECONDS: '3600' }), /ACCESS_TOKEN_TTL_SECONDS: above/);
    assert.throws(() => validateEnv({ REFRESH_TOKEN_TTL_MAX_SECONDS: '600' }), /REFRESH_TOKEN_TTL_SECONDS: above/);
    assert.throws(() => validateEnv({ SIGNING_KEYS_SECRET: 'short' }), /SIGNING_KEYS_SECRET/);
    assert.equal(validateEnv({}).SIGNING_KEYS_RELOAD_SECONDS, 60);
  });

  it('refuses production without a real session secret', () => {
    assert.throws(() => validateEnv({ NODE_ENV: 'production' }), /SESSION_SECRET: required in production/);
    assert.throws(() => validateEnv({ NODE_ENV: 'production', SESSION_SECRET: 'please-change-this-secret-in-production' }), /placeholder/);
    assert.throws(() => validateEnv({ NODE_ENV: 'production', SESSION_SECRET: 'short' }), /at least 32 characters/);
    assert.doesNotThrow(() => validateEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }));
  });

  it('TLS needs both the certificate and the key, and a header name that is a header name', () => {
    assert.throws(() => validateEnv({ TLS_CERT_FILE: 'cert.pem' }), /TLS_CERT_FILE, TLS_KEY_FILE: set both or neither/);
    assert.throws(() => validateEnv({ TLS_CLIENT_CERT_HEADER: 'X Client: Cert' }), /TLS_CLIENT_CERT_HEADER/);
    assert.doesNotThrow(() => validateEnv({ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem', TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' }));
  });

  it('the server refuses to start on a wrong value and says which', () => {
    const main = join(PROJECT_ROOT, 'dist', 'src', 'main.js');
    const run = spawnSync(process.execPath, [main], { env: { ...process.env, PORT: 'eighty', NODE_ENV: 'development' }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /auth-center failed to start: Invalid configuration/);
    assert.match(run.stderr, /PORT: PORT must be an integer number/);
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
  });
});
