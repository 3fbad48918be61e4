import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { authorize, basic, pkcePair, postForm, seedApp, SeededApp, seedUser, signIn, PASSWORD } from '../support/oauth';

describe('oauth grants and the attacks of RFC 9700', () => {
  let t: TestApp;
  let app: SeededApp;
  let other: SeededApp;
  let browser: HttpClient;
  let username: string;
  const auth = (a: SeededApp) => ({ authorization: basic(a.clientId, a.clientSecret!) });
  const token = (a: SeededApp, fields: Record<string, string>) => postForm(t, '/oauth/token/', fields, auth(a));
  const introspect = (a: SeededApp, tok: string) => postForm(t, '/oauth/introspect/', { token: tok }, auth(a)).then((r) => r.json);
  const codeFor = async (a: SeededApp, extra: Record<string, string> = {}) =>
    (await authorize(browser, { response_type: 'code', client_id: a.clientId, redirect_uri: a.redirectUri, scope: 'read write', ...extra })).params.code;
  const redeem = (a: SeededApp, code: string, extra: Record<string, string> = {}) =>
    token(a, { grant_type: 'authorization_code', code, redirect_uri: a.redirectUri, ...extra });
  const assertInvalidGrant = (res: { status: number; json: any }) => {
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_grant');
    assert.equal(res.json.access_token, undefined);
  };

  before(async () => {
    t = await startApp({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: '1' });
    const user = await seedUser(t);
    username = user.username;
    app = await seedApp(t, user.id, { grantTypes: ['authorization_code', 'refresh_token', 'password'], skipConsent: true });
    other = await seedApp(t, user.id, {
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      skipConsent: true,
      scopes: ['read', 'write'],
    });
    browser = await signIn(t, user.username);
  });
  after(async () => t.close());

  it('code flow: the tokens work, introspect as active, and the refresh token is random', async () => {
    const res = await redeem(app, await codeFor(app));
    assert.equal(res.status, 200);
    assert.equal(res.json.scope, 'read write');
    const info = await introspect(app, res.json.access_token);
    assert.equal(info.active, true);
    assert.equal(info.client_id, app.clientId);
    assert.equal(info.scope, 'read write');
    assert.match(res.json.refresh_token, /^[A-Za-z0-9_-]{43,}$/);
  });

  it('a reused code fails and revokes the tokens of its first use', async () => {
    const code = await codeFor(app);
    const first = await redeem(app, code);
    assert.equal(first.status, 200);
    assertInvalidGrant(await redeem(app, code));
    assert.deepEqual(await introspect(app, first.json.access_token), { active: false });
    assertInvalidGrant(await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token }));
  });

  it('two concurrent redemptions of one code: exactly one wins, and the replay still revokes its tokens', async () => {
    for (let round = 0; round < 5; round++) {
      const code = await codeFor(app);
      const results = await Promise.all([redeem(app, code), redeem(app, code)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400]);
      assert.equal(results.find((r) => r.status === 400)!.json.error, 'invalid_grant');
      // Whichever finished last, the tokens of the winning redemption are dead.
      assert.deepEqual(await introspect(app, results.find((r) => r.status === 200)!.json.access_token), { active: false });
    }
  });

  it('code injection: another client cannot redeem the code, and the owner still can', async () => {
    const code = await codeFor(app);
    assertInvalidGrant(await token(other, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri }));
    assert.equal((await redeem(app, code)).status, 200);
  });

  it('the redirect_uri must repeat the one of the authorization request', async () => {
    assertInvalidGrant(await redeem(app, await codeFor(app), { redirect_uri: 'https://client.example.com/other' }));
    const code = await codeFor(app);
    assertInvalidGrant(await token(app, { grant_type: 'authorization_code', code }));
  });

  it('PKCE: wrong verifier, missing verifier and a downgrade to plain are refused', async () => {
    const { verifier, challenge } = pkcePair();
    const s256 = { code_challenge: challenge, code_challenge_method: 'S256' };
    assertInvalidGrant(await redeem(app, await codeFor(app, s256), { code_verifier: pkcePair().verifier }));
    assertInvalidGrant(await redeem(app, await codeFor(app, s256)));
    // Downgrade: the attacker only saw the challenge and presents it as a plain verifier.
    assertInvalidGrant(await redeem(app, await codeFor(app, s256), { code_verifier: challenge }));
    assert.equal((await redeem(app, await codeFor(app, s256), { code_verifier: verifier })).status, 200);
    assert.equal((await redeem(app, await codeFor(app, { code_challenge: verifier }), { code_verifier: verifier })).status, 200, 'plain');
  });

  it('a code_verifier for a code issued without a challenge is refused', async () => {
    assertInvalidGrant(await redeem(app, await codeFor(app), { code_verifier: pkcePair().verifier }));
  });

  it('public client: PKCE instead of a secret; presenting a secret is invalid_client', async () => {
    const spa = await seedApp(t, (await seedUser(t)).id, { clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'], skipConsent: true });
    const { verifier, challenge } = pkcePair();
    const code = (await authorize(browser, { response_type: 'code', client_id: spa.clientId, code_challenge: challenge, code_challenge_method: 'S256' })).params
      .code;
    const withSecret = await postForm(t, '/oauth/token/', {
      grant_type: 'authorization_code',
      code,
      client_id: spa.clientId,
      client_secret: 'x',
      code_verifier: verifier,
    });
    assert.equal(withSecret.status, 401);
    assert.equal(withSecret.json.error, 'invalid_client');
    const res = await postForm(t, '/oauth/token/', { grant_type: 'authorization_code', code, client_id: spa.clientId, code_verifier: verifier });
    assert.equal(res.status, 200, res.text);
    const refreshed = await postForm(t, '/oauth/token/', { grant_type: 'refresh_token', refresh_token: res.json.refresh_token, client_id: spa.clientId });
    assert.equal(refreshed.status, 200);
  });

  it('refresh: rotates, may narrow the scope but never widen it', async () => {
    const first = await redeem(app, await codeFor(app));
    const wider = await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token, scope: 'read write profile' });
    assert.equal(wider.status, 400);
    assert.equal(wider.json.error, 'invalid_scope');
    const narrow = await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token, scope: 'read' });
    assert.equal(narrow.status, 200);
    assert.equal(narrow.json.scope, 'read');
    assert.notEqual(narrow.json.refresh_token, first.json.refresh_token);
    // The new refresh token keeps the original grant (RFC 6749 §6).
    const back = await token(app, { grant_type: 'refresh_token', refresh_token: narrow.json.refresh_token });
    assert.equal(back.json.scope, 'read write');
  });

  it('a refresh token presented by another client is invalid_grant and stays usable by its owner', async () => {
    const first = await redeem(app, await codeFor(app));
    assertInvalidGrant(await token(other, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token }));
    assert.equal((await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token })).status, 200);
  });

  it('two concurrent refreshes with one token do not log the user out', async () => {
    const first = await redeem(app, await codeFor(app));
    const both = await Promise.all([1, 2].map(() => token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token })));
    const winner = both.find((r) => r.status === 200)!;
    assert.ok(winner);
    assert.ok(both.every((r) => r.status === 200 || r.json.error === 'invalid_grant'));
    assert.equal((await introspect(app, winner.json.access_token)).active, true);
    assert.equal((await token(app, { grant_type: 'refresh_token', refresh_token: winner.json.refresh_token })).status, 200);
  });

  it('replay of a rotated refresh token: inside the grace window refused alone, after it the family is revoked', async () => {
    const first = await redeem(app, await codeFor(app));
    const second = await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
    assertInvalidGrant(await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token }));
    assert.equal((await introspect(app, second.json.access_token)).active, true, 'not logged out inside the window');
    await sleep(2100);
    assertInvalidGrant(await token(app, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token }));
    assert.deepEqual(await introspect(app, second.json.access_token), { active: false });
    assert.deepEqual(await introspect(app, first.json.access_token), { active: false });
    assertInvalidGrant(await token(app, { grant_type: 'refresh_token', refresh_token: second.json.refresh_token }));
  });

  it('password grant for a registered app; a wrong password is invalid_grant', async () => {
    const ok = await token(app, { grant_type: 'password', username, password: PASSWORD, scope: 'read' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.scope, 'read');
    assert.ok(ok.json.refresh_token);
    assertInvalidGrant(await token(app, { grant_type: 'password', username, password: 'wrong password' }));
    const missing = await token(app, { grant_type: 'password', username });
    assert.equal(missing.json.error, 'invalid_request');
  });

  it('revocation: a refresh token takes its family; unknown and foreign tokens answer 200 and change nothing', async () => {
    const a = await redeem(app, await codeFor(app));
    const foreign = await postForm(t, '/oauth/revoke_token/', { token: a.json.access_token }, auth(other));
    assert.equal(foreign.status, 200);
    assert.equal((await introspect(app, a.json.access_token)).active, true);
    const unknown = await postForm(t, '/oauth/revoke_token/', { token: 'no-such-token', token_type_hint: 'refresh_token' }, auth(app));
    assert.equal(unknown.status, 200);
    assert.equal(unknown.text, '');
    const res = await postForm(t, '/oauth/revoke_token/', { token: a.json.refresh_token, token_type_hint: 'refresh_token' }, auth(app));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(await introspect(app, a.json.access_token), { active: false });
    assertInvalidGrant(await token(app, { grant_type: 'refresh_token', refresh_token: a.json.refresh_token }));
  });

  it('revoking an access token ends it at once', async () => {
    const a = await redeem(app, await codeFor(app));
    assert.equal((await postForm(t, '/oauth/revoke_token/', { token: a.json.access_token }, auth(app))).status, 200);
    assert.deepEqual(await introspect(app, a.json.access_token), { active: false });
    const bad = await postForm(t, '/oauth/revoke_token/', { token: 'x' }, { authorization: basic(app.clientId, 'wrong') });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.error, 'invalid_client');
  });

  // Resource servers (staff-marked, introspecting every token): resource-servers.e2e-spec.ts.
  it('introspection: a client sees only its own tokens; a Bearer token does not authenticate the caller', async () => {
    const a = await redeem(app, await codeFor(app));
    assert.deepEqual(await introspect(other, a.json.access_token), { active: false });
    const refreshInfo = await introspect(app, a.json.refresh_token);
    assert.equal(refreshInfo.active, true);
    assert.equal(refreshInfo.client_id, app.clientId);
    const cc = await token(other, { grant_type: 'client_credentials', scope: 'read' });
    const viaBearer = await postForm(t, '/oauth/introspect/', { token: a.json.access_token }, { authorization: `Bearer ${cc.json.access_token}` });
    assert.equal(viaBearer.status, 401);
    assert.equal(viaBearer.json.error, 'invalid_client');
    assert.deepEqual(await introspect(app, 'garbage'), { active: false });
  });
});
