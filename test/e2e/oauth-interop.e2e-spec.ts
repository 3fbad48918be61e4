import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { authorize, PASSWORD, pkcePair, seedApp, SeededApp, seedUser, signIn } from '../support/oauth';
import { makeCa, makeCert } from '../support/tls';

const PYTHON = '/usr/bin/python3';

function pythonSkipReason(): string | false {
  try {
    execFileSync(PYTHON, ['-c', 'import requests_oauthlib'], { stdio: 'ignore' });
    return false;
  } catch {
    return `${PYTHON} cannot import requests_oauthlib (install the Debian package python3-requests-oauthlib)`;
  }
}

// oauth4webapi and openid-client are ESM-only; tsc would turn import() into require() under CommonJS.
const esmImport = new Function('s', 'return import(s)') as <T = typeof import('oauth4webapi')>(s: string) => Promise<T>;

describe('oauth interoperability with real client libraries', () => {
  let t: TestApp;
  let user: { id: number; username: string };
  let browser: HttpClient;
  before(async () => {
    t = await startApp();
    user = await seedUser(t);
    browser = await signIn(t, user.username);
  });
  after(async () => t.close());

  it(
    'requests-oauthlib: web (code, refresh, auto-refresh), openid (code with an ID token, userinfo), mobile (implicit), legacy (password), backend (client credentials)',
    { skip: pythonSkipReason() },
    async () => {
      const web = await seedApp(t, user.id, { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['https://web.example/cb'] });
      const oidc = await seedApp(t, user.id, { grantTypes: ['authorization_code'], scopes: ['openid', 'email'], redirectUris: ['https://rp.example/cb'] });
      const mobile = await seedApp(t, user.id, { clientType: 'public', grantTypes: ['implicit'], redirectUris: ['https://mobile.example/cb'] });
      const legacy = await seedApp(t, user.id, { grantTypes: ['password', 'refresh_token'] });
      const backend = await seedApp(t, user.id, { grantTypes: ['client_credentials'] });
      const app = (a: SeededApp) => ({ client_id: a.clientId, client_secret: a.clientSecret, redirect_uri: a.redirectUri });
      const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const args = {
        base_url: t.baseUrl,
        cookie,
        user_id: user.id,
        username: user.username,
        password: PASSWORD,
        web: app(web),
        oidc: app(oidc),
        mobile: app(mobile),
        legacy: app(legacy),
        backend: app(backend),
      };
      const { stdout } = await promisify(execFile)(PYTHON, [join(PROJECT_ROOT, 'test/interop/requests_oauthlib_flows.py'), JSON.stringify(args)], {
        env: { ...process.env, OAUTHLIB_INSECURE_TRANSPORT: '1', PYTHONDONTWRITEBYTECODE: '1' },
        timeout: 30_000,
      });
      const r = JSON.parse(stdout);
      assert.deepEqual(r.web, {
        state_matches: true,
        iss_in_response: true,
        scope: ['read', 'profile'],
        resource: 200,
        refresh_rotated: true,
        after_refresh: 200,
        auto_refreshed: true,
        after_auto_refresh: 200,
      });
      assert.deepEqual(r.openid, { scope: ['openid', 'email'], nonce_matches: true, aud: true, sub: true, email: `${user.username}@example.test` });
      assert.deepEqual(r.mobile, { token_type: 'Bearer', has_refresh: false, resource: 200 });
      assert.deepEqual(r.legacy, { scope: ['read', 'write', 'profile'], has_refresh: true, resource: 200 });
      assert.deepEqual(r.backend, { basic: 'Bearer', body: 'Bearer', has_refresh: false });
    },
  );

  it('oauth4webapi: discovery, code + PKCE with iss check, refresh, introspection, revocation', async () => {
    const oauth = await esmImport('oauth4webapi');
    const issuer = new URL(t.baseUrl);
    const allowHttp = { [oauth.allowInsecureRequests]: true };
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...allowHttp }));
    const spa = await seedApp(t, user.id, {
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      scopes: ['read', 'profile'],
    });
    const client: import('oauth4webapi').Client = { client_id: spa.clientId };
    const clientAuth = oauth.ClientSecretPost(spa.clientSecret!);
    const { verifier, challenge } = pkcePair();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    for (const [k, v] of Object.entries({
      client_id: spa.clientId,
      redirect_uri: spa.redirectUri,
      response_type: 'code',
      scope: 'read profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
    })) {
      url.searchParams.set(k, v);
    }
    const path = url.pathname + url.search;
    const page = await browser.get(path);
    const { consentFields } = await import('../support/oauth');
    const answer = await browser.submit(path, { ...consentFields(page.text), decision: 'allow' }, '/oauth/authorize/');
    const params = oauth.validateAuthResponse(as, client, new URL(answer.location!), state);
    const tokenRes = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, spa.redirectUri, verifier, allowHttp);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenRes);
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.scope, 'read profile');
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, allowHttp),
    );
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    const introspected = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, clientAuth, refreshed.access_token, allowHttp),
    );
    assert.equal(introspected.active, true);
    assert.equal(introspected.client_id, spa.clientId);
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token!, allowHttp));
    const after = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, clientAuth, refreshed.access_token, allowHttp),
    );
    assert.equal(after.active, false);
    // A tampered iss in the authorization response is caught by the client (RFC 9207).
    const forged = new URL(answer.location!);
    forged.searchParams.set('iss', 'https://evil.example');
    assert.throws(() => oauth.validateAuthResponse(as, client, forged, state));
  });

  it('openid-client: discovery, code + PKCE + nonce, ID token validation, userinfo, RP-initiated logout', async () => {
    const oidc = await esmImport<typeof import('openid-client')>('openid-client');
    const rp = await seedApp(t, user.id, {
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email'],
      redirectUris: ['https://rp.example/cb'],
      postLogoutRedirectUris: ['https://rp.example/bye'],
    });
    const config = await oidc.discovery(new URL(t.baseUrl), rp.clientId, rp.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: rp.redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    const { location } = await authorize(browser, Object.fromEntries(url.searchParams));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(location), {
      pkceCodeVerifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, String(user.id));
    assert.equal(claims.aud, rp.clientId);
    assert.equal(claims.nonce, nonce);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.deepEqual(info, { sub: String(user.id), preferred_username: user.username, email: `${user.username}@example.test`, email_verified: true });
    // Refresh keeps working with openid (no new ID token: docs/PROTOCOL.md).
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(refreshed.scope, 'openid profile email');
    // A nonce the RP did not send is caught: it reads the one we echo.
    const again = await authorize(browser, Object.fromEntries(url.searchParams));
    await assert.rejects(oidc.authorizationCodeGrant(config, new URL(again.location), { pkceCodeVerifier, expectedNonce: 'other', expectedState: state }));
    // RP-initiated logout: the session ends and the user comes back with the state.
    const session = await signIn(t, user.username);
    const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://rp.example/bye', state: 'bye-1' });
    const out = await session.get(end.pathname + end.search);
    assert.equal(out.location, 'https://rp.example/bye?state=bye-1');
    assert.equal((await session.get('/accounts/profile/')).status, 303);
  });

  it(
    'requests-oauthlib with cert= (RFC 8705): client credentials and password grants get certificate-bound tokens; a wrong or no certificate is invalid_client',
    { skip: pythonSkipReason() },
    async () => {
      const dir = join(t.dataDir, 'tls');
      const ca = makeCa(dir);
      const server = makeCert(dir, 'server', { subject: '/CN=127.0.0.1', ca, san: ['IP:127.0.0.1'] });
      const client = makeCert(dir, 'client', { subject: '/O=Example/CN=backend', ca });
      const wrong = makeCert(dir, 'wrong', { subject: '/O=Example/CN=backend' });
      const tls = await startApp({ TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.keyFile, TLS_CLIENT_CA_FILE: ca.certFile });
      try {
        const owner = await seedUser(tls);
        const app = await seedApp(tls, owner.id, {
          grantTypes: ['client_credentials', 'password', 'refresh_token'],
          redirectUris: [],
          tokenEndpointAuthMethod: 'tls_client_auth',
          tlsSubject: { subject_dn: 'CN=backend,O=Example' },
          tlsBoundTokens: true,
        });
        const args = {
          base_url: tls.baseUrl,
          ca: ca.certFile,
          cert: client.certFile,
          key: client.keyFile,
          wrong_cert: wrong.certFile,
          wrong_key: wrong.keyFile,
          client_id: app.clientId,
          user_id: owner.id,
          username: owner.username,
          password: PASSWORD,
        };
        const { stdout } = await promisify(execFile)(PYTHON, [join(PROJECT_ROOT, 'test/interop/requests_oauthlib_tls.py'), JSON.stringify(args)], {
          env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
          timeout: 30_000,
        });
        assert.deepEqual(JSON.parse(stdout), {
          client_credentials: { token_type: 'Bearer', has_refresh: false },
          password: { token_type: 'Bearer', has_refresh: true, resource: 200, without_certificate: 401 },
          wrong_certificate: 'invalid_client',
          no_certificate: 'invalid_client',
        });
      } finally {
        await tls.close();
      }
    },
  );
});
