import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { GroupsService } from '../../src/accounts/groups.service';
import { forgeJwt } from '../support/jws';
import { SigningKeysService } from '../../src/tokens/keys/signing-keys.service';
import { startApp, TestApp } from '../support/app';
import { bearerGet, passwordToken } from '../support/management';
import { clientCredentials, seedApp, SeededApp, seedUser, signIn, unique } from '../support/oauth';

describe('resources: user and group (RFC 6750)', () => {
  let t: TestApp;
  let app: SeededApp;
  let alice: { id: number; username: string };
  let bob: { id: number; username: string };
  let staff: { id: number; name: string };
  let elsewhere: { id: number; name: string };
  const tokens: Record<string, string> = {};

  before(async () => {
    t = await startApp();
    alice = await seedUser(t, 'alice');
    bob = await seedUser(t, 'bob');
    app = await seedApp(t, bob.id, {
      grantTypes: ['password', 'refresh_token', 'client_credentials'],
      redirectUris: [],
      scopes: ['read', 'write', 'profile', 'email', 'groups'],
    });
    const groups = t.get<GroupsService>(GroupsService);
    staff = await groups.create(unique('staff'));
    elsewhere = await groups.create(unique('elsewhere'));
    await groups.addMember(staff.name, alice.username);
    await groups.addMember(elsewhere.name, bob.username);
    for (const scope of ['read', 'profile', 'profile email', 'email', 'groups', 'write']) {
      tokens[scope] = (await passwordToken(t, app, alice.username, scope)).access_token;
    }
  });
  after(async () => t.close());

  const get = (path: string, token?: string, headers?: Record<string, string>) => bearerGet(t.baseUrl, path, token, headers);

  it('the user who authorized the token, with e-mail and groups under read; JSON is the default format', async () => {
    for (const suffix of ['/', '', '.json']) {
      const res = await get(`/accounts/resource/user/${alice.id}${suffix}`, tokens.read);
      assert.equal(res.status, 200, suffix);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.deepEqual(res.json, {
        id: alice.id,
        username: alice.username,
        email: `${alice.username}@example.test`,
        email_verified: true,
        groups: [{ id: staff.id, name: staff.name }],
      });
    }
  });

  it('profile alone shows no e-mail and no groups; email adds the e-mail', async () => {
    assert.deepEqual((await get(`/accounts/resource/user/${alice.id}/`, tokens.profile)).json, { id: alice.id, username: alice.username });
    const withEmail = await get(`/accounts/resource/user/${alice.id}/`, tokens['profile email']);
    assert.deepEqual(withEmail.json, { id: alice.id, username: alice.username, email: `${alice.username}@example.test`, email_verified: true });
  });

  it('answers a small HTML page for .html', async () => {
    const res = await get(`/accounts/resource/user/${alice.id}.html`, tokens.read);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, new RegExp(`<h1 id="resource-title">${alice.username}</h1>`));
    assert.match(res.text, new RegExp(`${alice.username}@example.test`));
    assert.match(res.text, new RegExp(`<code>${staff.name}</code>`));
    assert.doesNotMatch(res.text, /accounts\/login/, 'no site navigation');
    const zh = await get(`/accounts/resource/user/${alice.id}.html`, tokens.read, { 'accept-language': 'zh-CN' });
    assert.match(zh.text, /用户名/);
  });

  it('another user, an unknown or a malformed pk is a 404', async () => {
    for (const pk of [String(bob.id), '999999', 'abc', `${alice.id}.xml`, `${alice.id}x`, '0']) {
      const res = await get(`/accounts/resource/user/${pk}/`, tokens.read);
      assert.equal(res.status, 404, pk);
      assert.equal(res.json.error, 'not_found');
      assert.ok(!res.text.includes(bob.username));
    }
  });

  it('a token without read or profile gets 403 insufficient_scope naming the scopes', async () => {
    for (const scope of ['email', 'groups', 'write']) {
      const res = await get(`/accounts/resource/user/${alice.id}/`, tokens[scope]);
      assert.equal(res.status, 403, scope);
      assert.equal(res.json.error, 'insufficient_scope');
      assert.equal(res.json.scope, 'read profile');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer .*error="insufficient_scope".*scope="read profile"/);
    }
  });

  it('a group the user belongs to, with groups or read, in JSON and HTML', async () => {
    for (const scope of ['groups', 'read']) {
      const res = await get(`/accounts/resource/group/${staff.id}/`, tokens[scope]);
      assert.equal(res.status, 200, scope);
      assert.deepEqual(res.json, { id: staff.id, name: staff.name });
    }
    const html = await get(`/accounts/resource/group/${staff.id}.html`, tokens.groups);
    assert.equal(html.status, 200);
    assert.match(html.text, new RegExp(`<h1 id="resource-title">${staff.name}</h1>`));
    assert.deepEqual((await get(`/accounts/resource/group/${staff.id}.json`, tokens.groups)).json, { id: staff.id, name: staff.name });
  });

  it('a group the user is not in (or that does not exist) is a 404', async () => {
    for (const pk of [String(elsewhere.id), '999999', 'staff']) {
      const res = await get(`/accounts/resource/group/${pk}/`, tokens.groups);
      assert.equal(res.status, 404, pk);
      assert.ok(!res.text.includes(elsewhere.name));
    }
  });

  it('the group resource needs groups or read', async () => {
    const res = await get(`/accounts/resource/group/${staff.id}/`, tokens.profile);
    assert.equal(res.status, 403);
    assert.equal(res.json.error, 'insufficient_scope');
    assert.equal(res.json.scope, 'groups read');
  });

  it('a client_credentials token has no user: 403 with a clear error', async () => {
    const cc = (await clientCredentials(t, app, 'read')).json.access_token as string;
    const res = await get(`/accounts/resource/user/${alice.id}/`, cc);
    assert.equal(res.status, 403);
    assert.equal(res.json.error, 'user_token_required');
    assert.match(res.json.error_description, /client_credentials/);
    assert.equal((await get(`/accounts/resource/group/${staff.id}/`, cc)).status, 403);
  });

  it('no token, a malformed one, or one in the query string: 401 with WWW-Authenticate', async () => {
    const none = await get(`/accounts/resource/user/${alice.id}/`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer realm=/);
    const bad = await get(`/accounts/resource/user/${alice.id}/`, 'not.a.jwt');
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.equal(bad.json.error, 'invalid_token');
    const query = await get(`/accounts/resource/user/${alice.id}/?access_token=${tokens.read}`);
    assert.equal(query.status, 401, 'RFC 9700: never from the query string');
  });

  it('an expired token (properly signed) is a 401 invalid_token', async () => {
    const key = t.get<SigningKeysService>(SigningKeysService).current();
    const [, payload] = tokens.read.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    const expired = forgeJwt({ alg: key.alg, typ: 'at+jwt', kid: key.kid }, { ...claims, iat: now - 7200, exp: now - 3600 }, key.privateKey);
    const res = await get(`/accounts/resource/user/${alice.id}/`, expired);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.match(res.headers.get('www-authenticate') ?? '', /expired/);
  });

  it('a token revoked on the authorized-tokens page is a 401 at once', async () => {
    const token = (await passwordToken(t, app, alice.username, 'read')).access_token;
    assert.equal((await get(`/accounts/resource/user/${alice.id}/`, token)).status, 200);
    const c = await signIn(t, alice.username);
    const list = await c.get('/oauth/authorized_tokens/', { accept: 'application/json' });
    const jti = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti;
    const [{ id }] = await t.dataSource.query('SELECT id FROM access_tokens WHERE jti = ?', [jti]);
    assert.ok(list.json()[0].tokens.some((x: { id: number }) => x.id === Number(id)));
    const csrf = await c.csrfToken('/oauth/authorized_tokens/');
    const del = await c.request('DELETE', `/oauth/authorized_tokens/${id}/delete/`, { headers: { 'x-csrf-token': csrf } });
    assert.equal(del.status, 204);
    const res = await get(`/accounts/resource/user/${alice.id}/`, token);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });
});
