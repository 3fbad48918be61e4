import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { forgeJwt } from '../support/jws';
import { User } from '../../src/accounts/user.entity';
import { AccessTokenVerifier } from '../../src/tokens/access-token-verifier.service';
import { SigningKeysService } from '../../src/tokens/keys/signing-keys.service';
import { startApp, TestApp } from '../support/app';
import { basic, clientCredentials, postForm, seedApp, SeededApp, seedUser, PASSWORD } from '../support/oauth';

/** The @BearerAuth() guard (RFC 6750), exercised through the resource API that uses it. */
describe('oauth bearer guard', () => {
  let t: TestApp;
  let app: SeededApp;
  let userId: number;
  let username: string;
  const resource = () => `/accounts/resource/user/${userId}/`;
  const call = (token?: string, path = resource()) => fetch(t.baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const passwordToken = async (scope: string) =>
    (
      await postForm(
        t,
        '/oauth/token/',
        { grant_type: 'password', username, password: PASSWORD, scope },
        { authorization: basic(app.clientId, app.clientSecret!) },
      )
    ).json;
  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

  before(async () => {
    t = await startApp();
    const user = await seedUser(t);
    [userId, username] = [user.id, user.username];
    app = await seedApp(t, user.id, { grantTypes: ['password', 'refresh_token', 'client_credentials'], scopes: ['read', 'write', 'profile', 'groups'] });
  });
  after(async () => t.close());

  it('a live token with one of the scopes is accepted', async () => {
    const res = await call((await passwordToken('profile')).access_token);
    assert.equal(res.status, 200);
  });

  it('no token (no header, another scheme, an empty Bearer): 401, a bare challenge with no error code, a plain JSON reason', async () => {
    const noHeader = () => call();
    const withHeader = (authorization: string) => () => fetch(t.baseUrl + resource(), { headers: { authorization } });
    for (const send of [noHeader, withHeader('Basic dXNlcjpwYXNz'), withHeader('Token abc'), withHeader('Bearer'), withHeader('Bearer ')]) {
      const res = await send();
      assert.equal(res.status, 401);
      // RFC 6750 §3.1: no authentication information, so no error code and no description.
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="auth-center"');
      assert.deepEqual(await res.json(), {
        error: 'token_required',
        error_description: 'This request needs an access token: send it as Authorization: Bearer <token>.',
      });
    }
    const zh = await fetch(t.baseUrl + resource(), { headers: { 'accept-language': 'zh-CN' } });
    assert.match(((await zh.json()) as { error_description: string }).error_description, /访问令牌/);
  });

  it('a token in the query string or the body is never accepted', async () => {
    const token = (await passwordToken('read')).access_token;
    const res = await call(undefined, `${resource()}?access_token=${token}`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="auth-center"');
  });

  it('a garbage, forged or wrongly typed token: 401 invalid_token', async () => {
    const keys = t.get<SigningKeysService>(SigningKeysService);
    const key = keys.current();
    const good = (await passwordToken('read')).access_token;
    const claims = claimsOf(good);
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      'garbage',
      `${good.slice(0, -4)}AAAA`,
      forgeJwt({ alg: key.alg, typ: 'JWT', kid: key.kid }, claims, key.privateKey),
      forgeJwt({ alg: key.alg, typ: 'at+jwt', kid: key.kid }, { ...claims, aud: 'https://other.example' }, key.privateKey),
      forgeJwt({ alg: key.alg, typ: 'at+jwt', kid: key.kid }, { ...claims, iss: 'https://other.example' }, key.privateKey),
      forgeJwt({ alg: key.alg, typ: 'at+jwt', kid: key.kid }, { ...claims, jti: 'unknown-jti' }, key.privateKey),
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid })).toString('base64url')}.${good.split('.')[1]}.`,
      // Algorithm confusion: HMAC keyed with the published public key.
      forgeJwt({ alg: 'HS256', typ: 'at+jwt', kid: key.kid }, claims, Buffer.from(key.publicKey.export({ format: 'pem', type: 'spki' }))),
      forgeJwt({ alg: key.alg === 'ES256' ? 'RS256' : 'ES256', typ: 'at+jwt', kid: key.kid }, claims, key.privateKey),
    ];
    for (const token of forged) {
      const res = await call(token);
      assert.equal(res.status, 401, token.slice(0, 30));
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="auth-center", error="invalid_token"/);
    }
    const expired = forgeJwt({ alg: key.alg, typ: 'at+jwt', kid: key.kid }, { ...claims, iat: now - 7200, exp: now - 3600 }, key.privateKey);
    const res = await call(expired);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="The access token expired"/);
  });

  it('a revoked token is refused at once', async () => {
    const token = (await passwordToken('read')).access_token;
    assert.equal((await call(token)).status, 200);
    await postForm(t, '/oauth/revoke_token/', { token }, { authorization: basic(app.clientId, app.clientSecret!) });
    const res = await call(token);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });

  it('a token verified before is refused from the second its exp passes (a remembered signature lives no longer than the token)', async () => {
    const token = (await passwordToken('read')).access_token;
    assert.equal((await call(token)).status, 200);
    const verifier = t.get<AccessTokenVerifier>(AccessTokenVerifier);
    const expMs = (claimsOf(token) as { exp: number }).exp * 1000;
    assert.equal((await verifier.verify(token, expMs - 1)).ok, true);
    assert.deepEqual(await verifier.verify(token, expMs), { ok: false, reason: 'expired' });
  });

  it('a token without any of the scopes: 403 insufficient_scope naming them', async () => {
    const res = await call((await passwordToken('write')).access_token);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="auth-center", error="insufficient_scope", scope="read profile"');
  });

  it("a disabled user's tokens are refused at once: resources 401 invalid_token, introspection inactive, refresh and password grants invalid_grant", async () => {
    const victim = await seedUser(t);
    const grant = async () =>
      postForm(
        t,
        '/oauth/token/',
        { grant_type: 'password', username: victim.username, password: PASSWORD, scope: 'read' },
        { authorization: basic(app.clientId, app.clientSecret!) },
      );
    const { access_token, refresh_token } = (await grant()).json;
    const introspect = async (token: string) =>
      (await postForm(t, '/oauth/introspect/', { token }, { authorization: basic(app.clientId, app.clientSecret!) })).json;
    const victimResource = () => fetch(`${t.baseUrl}/accounts/resource/user/${victim.id}/`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.equal((await victimResource()).status, 200);
    assert.equal((await introspect(access_token)).active, true);
    assert.equal((await introspect(refresh_token)).active, true);

    // The operator console that sets it comes later: set it as it will, in the database.
    const users = t.dataSource.getRepository(User);
    await users.update(victim.id, { isActive: false });
    const res = await victimResource();
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_token');
    assert.deepEqual(await introspect(access_token), { active: false });
    assert.deepEqual(await introspect(refresh_token), { active: false });
    // The refusal is the account's state, read on every request: enabled again, the access token works.
    await users.update(victim.id, { isActive: true });
    assert.equal((await victimResource()).status, 200);

    await users.update(victim.id, { isActive: false });
    const refreshed = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'refresh_token', refresh_token },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(refreshed.status, 400);
    assert.equal(refreshed.json.error, 'invalid_grant');
    const again = await grant();
    assert.equal(again.status, 400);
    assert.equal(again.json.error, 'invalid_grant');
  });

  it('a client_credentials token carries the client as sub and no user', async () => {
    const cc = (await clientCredentials(t, app, 'read')).json.access_token;
    assert.equal(claimsOf(cc).sub, app.clientId);
    const res = await call(cc);
    assert.ok([403, 404].includes(res.status), String(res.status));
  });
});
