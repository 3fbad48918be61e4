import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import {
  authorize,
  authorizePath,
  basic,
  consentFields,
  pkcePair,
  postForm,
  redirectParams,
  seedApp,
  seedAppFromBefore,
  SeededApp,
  seedUser,
  signIn,
} from '../support/oauth';

describe('oauth authorization endpoint', () => {
  let t: TestApp;
  let app: SeededApp;
  let browser: HttpClient;
  const base = () => ({ response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, state: 'xyz 1/2', scope: 'read' });

  before(async () => {
    t = await startApp();
    const user = await seedUser(t);
    app = await seedApp(t, user.id, { grantTypes: ['authorization_code', 'refresh_token'] });
    browser = await signIn(t, user.username);
  });
  after(async () => t.close());

  it('sends a visitor who is not signed in to the sign-in page and back', async () => {
    const path = authorizePath(base());
    const res = await new HttpClient(t.baseUrl).get(path);
    assert.equal(res.status, 303);
    assert.equal(res.location, `/accounts/login/?next=${encodeURIComponent(path)}`);
  });

  it('shows a consent page in plain words that cannot be framed and has no CORS', async () => {
    const res = await browser.get(authorizePath({ ...base(), scope: 'read profile' }), { origin: 'https://evil.example' });
    assert.equal(res.status, 200);
    assert.match(res.text, /Read your data/);
    assert.match(res.text, /See your profile/);
    assert.match(res.text, /client\.example\.com/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action 'self' https:\/\/client\.example\.com(;|$)/);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const zh = await browser.get(authorizePath(base()), { 'accept-language': 'zh-CN' });
    assert.match(zh.text, /读取您的数据/);
  });

  it('allow → 303 to the client with code, state untouched and iss; the code redeems once', async () => {
    const { location, params } = await authorize(browser, { ...base(), prompt: 'consent' });
    assert.ok(location.startsWith(`${app.redirectUri}?`));
    assert.equal(params.state, 'xyz 1/2');
    assert.equal(params.iss, t.baseUrl);
    assert.ok(params.code.length >= 43);
    const tok = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'authorization_code', code: params.code, redirect_uri: app.redirectUri },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(tok.status, 200, tok.text);
    assert.equal(tok.json.scope, 'read');
    assert.ok(tok.json.refresh_token);
  });

  it('deny → access_denied at the client with state and iss', async () => {
    const path = authorizePath({ ...base(), prompt: 'consent' });
    const page = await browser.get(path);
    const res = await browser.submit(path, { ...consentFields(page.text), decision: 'deny' }, '/oauth/authorize/');
    assert.equal(res.status, 303);
    assert.deepEqual(redirectParams(res.location), {
      error: 'access_denied',
      error_description: 'The user denied the request',
      state: 'xyz 1/2',
      iss: t.baseUrl,
    });
  });

  it('asks once: scopes already granted go straight back; prompt=consent or a new scope asks again', async () => {
    const again = await browser.get(authorizePath(base()));
    assert.equal(again.status, 303);
    assert.ok(redirectParams(again.location).code);
    assert.equal((await browser.get(authorizePath({ ...base(), prompt: 'consent' }))).status, 200);
    assert.equal((await browser.get(authorizePath({ ...base(), scope: 'read write' }))).status, 200);
  });

  it('escapes the application name on the consent page', async () => {
    const evil = await seedApp(t, (await seedUser(t)).id, { name: '<img src=x onerror=alert(1)>', grantTypes: ['authorization_code'] });
    const res = await browser.get(authorizePath({ response_type: 'code', client_id: evil.clientId }));
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<img src=x/);
    assert.match(res.text, /&lt;img src&#x3D;x/);
  });

  it('never asks for a skip-consent application', async () => {
    const trusted = await seedApp(t, (await seedUser(t)).id, { skipConsent: true, grantTypes: ['authorization_code'] });
    const res = await browser.get(authorizePath({ response_type: 'code', client_id: trusted.clientId, state: 's' }));
    assert.equal(res.status, 303);
    assert.ok(res.location!.startsWith(trusted.redirectUri));
  });

  it('an unknown client or an unregistered redirect URI is a 400 page, never a redirect', async () => {
    const variations = [
      'https://client.example.com/cb/extra',
      'https://client.example.com/cb?x=1',
      'https://client.example.com/CB',
      'https://CLIENT.example.com/cb',
      'https://client.example.com//cb',
      'https://client.example.com/cb/',
      'https://attacker@client.example.com/cb',
      'https://client.example.com.evil.com/cb',
      'https://client.example.com:8443/cb',
      'http://client.example.com/cb',
      'https://client.example.com/cb#frag',
    ];
    for (const redirect_uri of variations) {
      const res = await browser.get(authorizePath({ ...base(), redirect_uri }));
      assert.equal(res.status, 400, redirect_uri);
      assert.equal(res.location, null, redirect_uri);
      assert.match(res.text, /not registered/);
    }
    const unknown = await browser.get(authorizePath({ ...base(), client_id: 'nope' }));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.location, null);
    const repeated = await browser.get(`${authorizePath(base())}&redirect_uri=${encodeURIComponent(app.redirectUri)}`);
    assert.equal(repeated.status, 400);
  });

  it('lets only the port of a loopback IP redirect URI vary (RFC 8252 §7.3)', async () => {
    const native = await seedApp(t, (await seedUser(t)).id, {
      clientType: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: ['http://127.0.0.1/callback'],
    });
    const { challenge } = pkcePair();
    const ok = await browser.get(
      authorizePath({
        response_type: 'code',
        client_id: native.clientId,
        redirect_uri: 'http://127.0.0.1:51004/callback',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    assert.equal(ok.status, 200);
    for (const bad of ['http://127.0.0.1:51004/other', 'http://localhost:51004/callback', 'http://127.0.0.1:51004@evil.com/callback']) {
      assert.equal(
        (await browser.get(authorizePath({ response_type: 'code', client_id: native.clientId, redirect_uri: bad, code_challenge: challenge }))).status,
        400,
        bad,
      );
    }
  });

  it('a loopback port out of range is a 400 page before anything is written, consent given or not', async () => {
    const native = await seedApp(t, (await seedUser(t)).id, {
      clientType: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: ['http://127.0.0.1/cb'],
    });
    const { challenge } = pkcePair();
    const request = (redirect_uri: string) => ({
      response_type: 'code',
      client_id: native.clientId,
      redirect_uri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const rows = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE application_id = ?`, [native.id]))[0].n);
    const BAD_PORTS = ['http://127.0.0.1:99999/cb', 'http://127.0.0.1:65536/cb', 'http://127.0.0.1:0/cb', 'http://[::1]:99999/cb'];
    const refusedUnchanged = async (send: (uri: string) => Promise<{ status: number; location: string | null }>) => {
      const [codes, consents] = [await rows('authorization_codes'), await rows('consents')];
      for (const uri of BAD_PORTS) {
        const res = await send(uri);
        assert.equal(res.status, 400, uri);
        assert.equal(res.location, null, uri);
      }
      assert.deepEqual([await rows('authorization_codes'), await rows('consents')], [codes, consents]);
    };
    // No consent yet: the consent page, and the consent form posted with the bad URI.
    await refusedUnchanged((uri) => browser.get(authorizePath(request(uri))));
    const goodPage = authorizePath(request('http://127.0.0.1:51004/cb'));
    await refusedUnchanged((uri) => browser.submit(goodPage, { ...request(uri), decision: 'allow' }, '/oauth/authorize/'));
    // Consent given: the request would go straight to writing a code.
    assert.ok((await authorize(browser, request('http://127.0.0.1:51004/cb'))).params.code);
    await refusedUnchanged((uri) => browser.get(authorizePath(request(uri))));
  });

  it('redirect_uri may be omitted only when exactly one is registered', async () => {
    const two = await seedApp(t, (await seedUser(t)).id, {
      grantTypes: ['authorization_code'],
      redirectUris: ['https://a.example/cb', 'https://b.example/cb'],
    });
    assert.equal((await browser.get(authorizePath({ response_type: 'code', client_id: two.clientId }))).status, 400);
    assert.equal((await browser.get(authorizePath({ response_type: 'code', client_id: app.clientId, scope: 'read' }))).status, 303);
  });

  it('later errors go back to the client with the RFC code, state and iss', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ scope: 'read groups' }, 'invalid_scope'],
      [{ response_type: 'magic' }, 'unsupported_response_type'],
      [{ response_type: '' }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }, 'invalid_request'],
    ];
    for (const [override, error] of cases) {
      const res = await browser.get(authorizePath({ ...base(), ...override }));
      assert.equal(res.status, 303, JSON.stringify(override));
      const p = redirectParams(res.location);
      assert.equal(p.error, error, JSON.stringify(override));
      assert.equal(p.state, 'xyz 1/2');
      assert.equal(p.iss, t.baseUrl);
      assert.ok(!p.code);
    }
    const repeatedState = await browser.get(`${authorizePath(base())}&state=again`);
    assert.equal(redirectParams(repeatedState.location).error, 'invalid_request');
  });

  it('a public client must use PKCE', async () => {
    const spa = await seedApp(t, (await seedUser(t)).id, { clientType: 'public', grantTypes: ['authorization_code'] });
    const res = await browser.get(authorizePath({ response_type: 'code', client_id: spa.clientId, state: 's' }));
    assert.deepEqual(redirectParams(res.location), { error: 'invalid_request', error_description: 'code_challenge is required', state: 's', iss: t.baseUrl });
  });

  it('implicit: a token in the fragment for an app registered for it, unauthorized_client otherwise', async () => {
    const spa = await seedApp(t, (await seedUser(t)).id, { clientType: 'public', grantTypes: ['implicit'] });
    const { location, params } = await authorize(browser, { response_type: 'token', client_id: spa.clientId, state: 'st', scope: 'read' });
    assert.ok(location.startsWith(`${spa.redirectUri}#`));
    assert.equal(params.token_type, 'Bearer');
    assert.equal(params.state, 'st');
    assert.equal(params.iss, t.baseUrl);
    assert.equal(params.expires_in, '3600');
    assert.ok(params.access_token);
    assert.equal(params.refresh_token, undefined);
    const refused = await browser.get(authorizePath({ ...base(), response_type: 'token' }));
    assert.ok(refused.location!.startsWith(`${app.redirectUri}#`));
    assert.equal(redirectParams(refused.location).error, 'unauthorized_client');
  });

  it('the consent POST needs the CSRF token and a session', async () => {
    const page = await browser.get(authorizePath({ ...base(), prompt: 'consent' }));
    const noCsrf = await browser.post('/oauth/authorize/', { ...consentFields(page.text), decision: 'allow' });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.location, null);
    const anonymous = await new HttpClient(t.baseUrl).post('/oauth/authorize/', { ...consentFields(page.text), decision: 'allow' });
    assert.ok(anonymous.status === 401 || anonymous.status === 403);
    assert.equal(anonymous.location, null);
  });
});

describe('oauth authorization endpoint with implicit switched off and PKCE required', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp({ ALLOW_IMPLICIT_GRANT: 'false', REQUIRE_PKCE: 'true' });
  });
  after(async () => t.close());

  it('refuses response_type=token and codes without PKCE, even for registered apps', async () => {
    const user = await seedUser(t);
    const app = await seedAppFromBefore(t, user.id, ['authorization_code', 'implicit']);
    const browser = await signIn(t, user.username);
    const token = await browser.get(authorizePath({ response_type: 'token', client_id: app.clientId }));
    assert.equal(redirectParams(token.location).error, 'unsupported_response_type');
    const code = await browser.get(authorizePath({ response_type: 'code', client_id: app.clientId }));
    assert.equal(redirectParams(code.location).error, 'invalid_request');
    const meta = (await (await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, string[]>;
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.ok(!meta.grant_types_supported.includes('implicit'));
  });
});
