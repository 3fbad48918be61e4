import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { basic, seedAppFromBefore, SeededApp, seedUser } from '../support/oauth';

describe('oauth endpoints under malformed requests', () => {
  let t: TestApp;
  let app: SeededApp;
  before(async () => {
    t = await startApp({ ALLOW_PASSWORD_GRANT: 'false' });
    app = await seedAppFromBefore(t, (await seedUser(t)).id, ['client_credentials', 'password']);
  });
  after(async () => t.close());

  const send = async (path: string, body: string | Buffer, headers: Record<string, string>) => {
    const res = await fetch(t.baseUrl + path, { method: 'POST', headers: { authorization: basic(app.clientId, app.clientSecret!), ...headers }, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
  };
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

  const expectError = (res: { status: number; headers: Headers; json: any }, status: number, error: string) => {
    assert.equal(res.status, status);
    assert.equal(res.json.error, error);
    assert.deepEqual(Object.keys(res.json).sort(), ['error', 'error_description']);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  };

  for (const path of ['/oauth/token/', '/oauth/revoke_token/', '/oauth/introspect/']) {
    it(`${path}: JSON, missing and charset-mismatched bodies are invalid_request`, async () => {
      expectError(
        await send(path, JSON.stringify({ grant_type: 'client_credentials', token: 'x' }), { 'content-type': 'application/json' }),
        400,
        'invalid_request',
      );
      expectError(await send(path, '{"broken', { 'content-type': 'application/json' }), 400, 'invalid_request');
      expectError(await send(path, 'grant_type=client_credentials&token=x', {}), 400, 'invalid_request');
      expectError(
        await send(path, 'grant_type=client_credentials&token=x', { 'content-type': 'application/x-www-form-urlencoded; charset=koi8-r' }),
        400,
        'invalid_request',
      );
    });

    it(`${path}: a body over 64 kB is still RFC JSON`, async () => {
      const res = await send(path, `grant_type=client_credentials&token=${'a'.repeat(70_000)}`, FORM);
      expectError(res, 400, 'invalid_request');
    });
  }

  it('repeated parameters are invalid_request (RFC 6749 §3.2); unknown ones are ignored', async () => {
    expectError(await send('/oauth/token/', 'grant_type=client_credentials&grant_type=client_credentials', FORM), 400, 'invalid_request');
    expectError(await send('/oauth/token/', 'grant_type=client_credentials&scope=read&scope=write', FORM), 400, 'invalid_request');
    const repeatedUnknown = await send('/oauth/token/', 'grant_type=client_credentials&foo=bar&foo=baz2', FORM);
    assert.equal(repeatedUnknown.status, 400, 'repeated unknown parameters are still repeated parameters');
    const unknown = await send('/oauth/token/', 'grant_type=client_credentials&unknown_thing=1', FORM);
    assert.equal(unknown.status, 200);
  });

  it('non-UTF-8 bytes and broken percent-encoding never cause a 500', async () => {
    const bytes = Buffer.concat([Buffer.from('grant_type=client_credentials&scope='), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]);
    const raw = await send('/oauth/token/', bytes, FORM);
    assert.ok(raw.status >= 400 && raw.status < 500, String(raw.status));
    assert.equal(raw.json.error, 'invalid_scope');
    const pct = await send('/oauth/token/', 'grant_type=client_credentials&scope=%FF%E0%80', FORM);
    assert.ok(pct.status >= 400 && pct.status < 500);
    const badBasic = await fetch(`${t.baseUrl}/oauth/token/`, {
      method: 'POST',
      headers: { ...FORM, authorization: 'Basic %%%notbase64' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(badBasic.status, 401);
    const badPct = await fetch(`${t.baseUrl}/oauth/token/`, {
      method: 'POST',
      headers: { ...FORM, authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(badPct.status, 401);
  });

  it('two client authentication methods at once are invalid_request', async () => {
    expectError(await send('/oauth/token/', `grant_type=client_credentials&client_secret=${app.clientSecret}`, FORM), 400, 'invalid_request');
  });

  it('no client authentication at all is 401 invalid_client', async () => {
    const res = await fetch(`${t.baseUrl}/oauth/token/`, { method: 'POST', headers: FORM, body: 'grant_type=client_credentials' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Basic realm="auth-center"');
  });

  it('with ALLOW_PASSWORD_GRANT off the password grant is unsupported, also in the metadata', async () => {
    expectError(await send('/oauth/token/', 'grant_type=password&username=a&password=b', FORM), 400, 'unsupported_grant_type');
    const meta = (await (await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    assert.ok(!(meta.grant_types_supported as string[]).includes('password'));
  });

  it('CORS preflight is answered on the token endpoint, never on authorize', async () => {
    const pre = await fetch(`${t.baseUrl}/oauth/token/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://spa.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    const authz = await fetch(`${t.baseUrl}/oauth/authorize/`, { method: 'OPTIONS', headers: { origin: 'https://spa.example' } });
    assert.equal(authz.headers.get('access-control-allow-origin'), null);
  });

  it('the metadata describes exactly what is supported (RFC 8414)', async () => {
    const res = await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const meta = (await res.json()) as Record<string, unknown>;
    assert.equal(meta.issuer, t.baseUrl);
    assert.equal(meta.token_endpoint, `${t.baseUrl}/oauth/token/`);
    assert.equal(meta.authorization_endpoint, `${t.baseUrl}/oauth/authorize/`);
    assert.equal(meta.jwks_uri, `${t.baseUrl}/oauth/jwks/`);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256', 'plain']);
    // The OpenID Connect response types are the implicit grant's too (RFC 8414 §2 lists them here as well).
    assert.deepEqual(meta.response_types_supported, ['code', 'token', 'id_token token', 'id_token']);
    assert.deepEqual(meta.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none']);
    assert.deepEqual((meta.grant_types_supported as string[]).sort(), ['authorization_code', 'client_credentials', 'implicit', 'refresh_token']);
  });
});
