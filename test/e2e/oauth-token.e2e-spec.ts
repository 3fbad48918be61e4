import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { basic, clientCredentials, postForm, seedApp, SeededApp, seedUser } from '../support/oauth';

const jwtParts = (jwt: string) =>
  jwt
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));

describe('oauth token endpoint: client_credentials and client authentication', () => {
  let t: TestApp;
  let app: SeededApp;
  before(async () => {
    t = await startApp({ CLIENT_AUTH_MAX_FAILURES: '3' });
    const owner = await seedUser(t);
    app = await seedApp(t, owner.id);
  });
  after(async () => t.close());

  it('issues an RFC 9068 JWT with no-store headers for client_secret_basic', async () => {
    const res = await clientCredentials(t, app, 'read');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('pragma'), 'no-cache');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(res.json.scope, 'read');
    assert.equal(res.json.expires_in, 3600);
    assert.equal(res.json.refresh_token, undefined);
    const [header, claims] = jwtParts(res.json.access_token);
    assert.equal(header.typ, 'at+jwt');
    assert.equal(header.alg, 'ES256');
    assert.ok(header.kid);
    assert.equal(claims.iss, t.baseUrl);
    assert.equal(claims.aud, t.baseUrl);
    assert.equal(claims.sub, app.clientId);
    assert.equal(claims.client_id, app.clientId);
    assert.equal(claims.scope, 'read');
    assert.equal(claims.exp - claims.iat, 3600);
    assert.equal(typeof claims.jti, 'string');
  });

  it('accepts client_secret_post and grants the app scopes when scope is omitted', async () => {
    const res = await postForm(t, '/oauth/token', { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret! });
    assert.equal(res.status, 200);
    assert.equal(res.json.scope, 'read write profile');
  });

  it('publishes the signing key at /oauth/jwks/ so the token verifies', async () => {
    const res = await fetch(`${t.baseUrl}/oauth/jwks/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const jwks = (await res.json()) as { keys: Array<Record<string, string>> };
    const token = (await clientCredentials(t, app)).json.access_token as string;
    const [header] = jwtParts(token);
    const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
    assert.equal(jwk.alg, 'ES256');
    assert.equal(jwk.use, 'sig');
    assert.equal(jwk.d, undefined, 'no private part');
    const { createPublicKey, verify } = await import('node:crypto');
    const [h, p, s] = token.split('.');
    const ok = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: createPublicKey({ key: jwk as any, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
    assert.ok(ok);
  });

  it('a wrong secret is 401 invalid_client with a Basic challenge', async () => {
    const res = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.clientId, 'wrong') });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Basic realm="auth-center"');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(res.json).sort(), ['error', 'error_description']);
    assert.equal(res.json.error, 'invalid_client');
  });

  it('an unknown grant type is unsupported_grant_type; a missing one invalid_request', async () => {
    const a = await postForm(t, '/oauth/token/', { grant_type: 'urn:example:magic' }, { authorization: basic(app.clientId, app.clientSecret!) });
    assert.equal(a.status, 400);
    assert.equal(a.json.error, 'unsupported_grant_type');
    const b = await postForm(t, '/oauth/token/', {}, { authorization: basic(app.clientId, app.clientSecret!) });
    assert.equal(b.json.error, 'invalid_request');
  });

  it('a grant the app is not registered for is unauthorized_client', async () => {
    const res = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'password', username: 'x', password: 'y' },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'unauthorized_client');
  });

  it('a scope beyond the app is invalid_scope', async () => {
    const res = await clientCredentials(t, app, 'read groups');
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_scope');
  });

  it('throttles repeated client authentication failures per client and address, never successes', async () => {
    const other = await seedApp(t, (await seedUser(t)).id);
    for (let i = 0; i < 5; i++) assert.equal((await clientCredentials(t, other)).status, 200);
    for (let i = 0; i < 3; i++) {
      const bad = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(other.clientId, 'nope') });
      assert.equal(bad.status, 401);
    }
    const blocked = await clientCredentials(t, other);
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.error, 'invalid_client');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    // Another client from the same address is unaffected.
    assert.equal((await clientCredentials(t, app)).status, 200);
  });
});
