import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { makeDataDir, removeDataDir } from '../support/app';
import { HttpClient } from '../support/http-client';
import { authorize, unique } from '../support/oauth';
import { runCli, startServerProcess } from '../support/server-process';

// openid-client is ESM-only; tsc would turn import() into require() under CommonJS.
const esmImport = new Function('s', 'return import(s)') as (s: string) => Promise<typeof import('openid-client')>;

describe('OpenID Connect against the started server, as configured out of the box', () => {
  const dataDir = makeDataDir();
  after(() => removeDataDir(dataDir));

  it('a stock openid-client relying party signs a user in, reads userinfo and logs out', async () => {
    // No ISSUER and nothing about OpenID Connect: the defaults (http://localhost:PORT).
    const server = await startServerProcess(dataDir, { LOG_LEVEL: 'silent' });
    try {
      const base = `http://localhost:${server.port}`;
      const username = unique('rp');
      const password = 'correct horse battery staple';
      await runCli(server, ['user:create', '--username', username, '--email', `${username}@example.test`, '--password', password]);
      const rp = await runCli(server, [
        'app:create',
        '--owner',
        username,
        '--name',
        'Stock RP',
        '--grant',
        'authorization_code',
        '--redirect-uri',
        'https://rp.example/cb',
        '--post-logout-redirect-uri',
        'https://rp.example/bye',
        '--scope',
        'openid profile email',
      ]);
      const oidc = await esmImport('openid-client');
      // Plain http is the out-of-the-box server; the client has to be told it may use it.
      const config = await oidc.discovery(new URL(base), String(rp.client_id), String(rp.client_secret), undefined, { execute: [oidc.allowInsecureRequests] });
      const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: 'https://rp.example/cb',
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
        code_challenge_method: 'S256',
        nonce,
      });
      const browser = new HttpClient(base);
      const signIn = await browser.get(url.pathname + url.search);
      assert.equal(signIn.status, 303);
      const next = new URL(signIn.location!, base).searchParams.get('next')!;
      assert.equal((await browser.submit(signIn.location!, { username, password, next })).location, next);
      const { location } = await authorize(browser, Object.fromEntries(new URL(next, base).searchParams));
      const tokens = await oidc.authorizationCodeGrant(config, new URL(location), { pkceCodeVerifier, expectedNonce: nonce, idTokenExpected: true });
      const claims = tokens.claims()!;
      assert.equal(claims.iss, base);
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.preferred_username, username);
      assert.equal(info.email, `${username}@example.test`);
      const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://rp.example/bye', state: 'bye' });
      assert.equal((await browser.get(end.pathname + end.search)).location, 'https://rp.example/bye?state=bye');
      assert.equal((await browser.get('/accounts/profile/')).status, 303, 'signed out');
    } finally {
      await server.stop();
    }
  });
});
