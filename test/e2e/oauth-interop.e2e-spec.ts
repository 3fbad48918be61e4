import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { PASSWORD, pkcePair, seedApp, SeededApp, seedUser, signIn } from '../support/oauth';

const PYTHON = '/usr/bin/python3';

function pythonSkipReason(): string | false {
  try {
    execFileSync(PYTHON, ['-c', 'import requests_oauthlib'], { stdio: 'ignore' });
    return false;
  } catch {
    return `${PYTHON} cannot import requests_oauthlib (install the Debian package python3-requests-oauthlib)`;
  }
}

// oauth4webapi is ESM-only; tsc would turn import() into require() under CommonJS.
const esmImport = new Function('s', 'return import(s)') as (s: string) => Promise<typeof import('oauth4webapi')>;

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
    'requests-oauthlib: web (code, refresh, auto-refresh), mobile (implicit), legacy (password), backend (client credentials)',
    { skip: pythonSkipReason() },
    async () => {
      const web = await seedApp(t, user.id, { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['https://web.example/cb'] });
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
});
