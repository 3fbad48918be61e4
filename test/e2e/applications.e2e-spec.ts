import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { apiUser, ApiUser, validApp } from '../support/management';
import { sha256Hex } from '../../src/common/crypto/tokens';
import { basic, postForm } from '../support/oauth';

// The HTML pages of the same routes: applications-pages.e2e-spec.ts.
const SECRET_FIELDS = /client_secret_hash|secretHash|password/;

describe('applications: JSON API', () => {
  let t: TestApp;
  let alice: ApiUser;
  let bob: ApiUser;
  before(async () => {
    t = await startApp();
    alice = await apiUser(t, 'alice');
    bob = await apiUser(t, 'bob');
  });
  after(async () => t.close());

  const create = async (u: ApiUser, overrides: Record<string, unknown> = {}) => {
    const res = await u.call('POST', '/oauth/applications/register/', validApp(overrides));
    assert.equal(res.status, 201, res.text);
    return res.json();
  };

  it('registers with RFC 7591 names and shows the secret once', async () => {
    const res = await alice.call('POST', '/oauth/applications/register/', validApp());
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const app = res.json();
    assert.equal(app.client_name, 'Photo printer');
    assert.deepEqual(app.redirect_uris, ['https://printer.example.com/callback', 'http://127.0.0.1:8123/cb']);
    assert.deepEqual(app.grant_types, ['authorization_code', 'refresh_token', 'client_credentials']);
    assert.equal(app.scope, 'read profile');
    assert.equal(app.token_endpoint_auth_method, 'client_secret_basic');
    assert.equal(app.client_type, 'confidential');
    assert.ok(Number.isInteger(app.id));
    assert.ok(app.client_id.length >= 20);
    assert.ok(app.client_secret.length >= 43, 'at least 256 bits');
    assert.doesNotMatch(res.text, SECRET_FIELDS);

    const read = await alice.call('GET', `/oauth/applications/${app.id}/`);
    assert.equal(read.status, 200);
    assert.equal(read.json().client_id, app.client_id);
    assert.equal(read.json().client_secret, undefined, 'never shown again');
    assert.doesNotMatch(read.text, SECRET_FIELDS);
    assert.ok(!read.text.includes(app.client_secret));
  });

  it('the registered secret authenticates the client at the token endpoint', async () => {
    const app = await create(alice);
    const ok = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'client_credentials', scope: 'read' },
      { authorization: basic(app.client_id, app.client_secret) },
    );
    assert.equal(ok.status, 200, ok.text);
  });

  it('a public client is the one with token_endpoint_auth_method none, and has no secret', async () => {
    const app = await create(alice, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    assert.equal(app.client_type, 'public');
    assert.equal(app.client_secret, undefined);
  });

  it("lists only the caller's applications", async () => {
    const mine = await create(alice, { client_name: 'Alice list app' });
    await create(bob, { client_name: 'Bob list app' });
    const res = await alice.call('GET', '/oauth/applications/');
    assert.equal(res.status, 200);
    const names = res.json().map((a: { client_name: string }) => a.client_name);
    assert.ok(names.includes('Alice list app'));
    assert.ok(!names.includes('Bob list app'));
    assert.ok(res.json().every((a: { client_secret?: string }) => a.client_secret === undefined));
    assert.ok(res.json().some((a: { id: number }) => a.id === mine.id));
  });

  it('updates with PUT on update/ (trailing slash optional) and keeps the client type', async () => {
    const app = await create(alice);
    const res = await alice.call('PUT', `/oauth/applications/${app.id}/update`, {
      client_name: 'Renamed',
      redirect_uris: ['https://new.example.com/cb'],
      grant_types: ['authorization_code'],
      scope: 'read email',
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json().client_name, 'Renamed');
    assert.deepEqual(res.json().redirect_uris, ['https://new.example.com/cb']);
    assert.equal(res.json().scope, 'read email');
    assert.equal(res.json().client_type, 'confidential');
    assert.equal(res.json().client_secret, undefined);
    const read = await alice.call('GET', `/oauth/applications/${app.id}`);
    assert.equal(read.json().client_name, 'Renamed');
  });

  it('refuses to turn a confidential client into a public one', async () => {
    const app = await create(alice);
    const res = await alice.call(
      'PUT',
      `/oauth/applications/${app.id}/update/`,
      validApp({ token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] }),
    );
    assert.equal(res.status, 400);
    assert.match(res.json().fields.client_type, /cannot be changed/);
    assert.equal((await alice.call('GET', `/oauth/applications/${app.id}/`)).json().token_endpoint_auth_method, 'client_secret_basic');
  });

  it('rotates the secret: the new one works, the old one stops at once', async () => {
    const app = await create(alice);
    const res = await alice.call('POST', `/oauth/applications/${app.id}/rotate_secret/`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const fresh = res.json().client_secret as string;
    assert.ok(fresh && fresh !== app.client_secret);
    const old = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.client_id, app.client_secret) });
    assert.equal(old.status, 401);
    const now = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.client_id, fresh) });
    assert.equal(now.status, 200);
  });

  it('deletes with DELETE on delete/: 204, then 404, and its tokens die with it', async () => {
    const app = await create(alice);
    const token = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'client_credentials', scope: 'read' },
      { authorization: basic(app.client_id, app.client_secret) },
    );
    assert.equal(token.status, 200);
    const res = await alice.call('DELETE', `/oauth/applications/${app.id}/delete/`);
    assert.equal(res.status, 204);
    assert.equal((await alice.call('GET', `/oauth/applications/${app.id}/`)).status, 404);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM access_tokens WHERE application_id = ?', [app.id]);
    assert.equal(Number(n), 0);
    const call = await fetch(`${t.baseUrl}/accounts/resource/user/1/`, { headers: { authorization: `Bearer ${token.json.access_token}` } });
    assert.equal(call.status, 401);
    assert.match(call.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });

  it("another user's application is a 404 on every route, and nothing changes", async () => {
    const app = await create(alice, { client_name: 'Private to Alice' });
    const base = `/oauth/applications/${app.id}`;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `${base}/`],
      ['GET', `${base}/update/`],
      ['PUT', `${base}/update/`, validApp({ client_name: 'Stolen' })],
      ['PUT', `${base}/update/`, { client_name: '' }],
      ['POST', `${base}/update/`, validApp({ client_name: 'Stolen' })],
      ['GET', `${base}/rotate_secret/`],
      ['POST', `${base}/rotate_secret/`],
      ['GET', `${base}/delete/`],
      ['DELETE', `${base}/delete/`],
      ['POST', `${base}/delete/`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await bob.call(method, path, body);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.ok(!res.text.includes('Private to Alice'), `${method} ${path} leaks the name`);
    }
    // The HTML variants too.
    assert.equal((await bob.client.get(`${base}/`)).status, 404);
    assert.equal((await bob.client.post(`${base}/delete/`, { _csrf: bob.csrf })).status, 404);
    const still = await alice.call('GET', `${base}/`);
    assert.equal(still.status, 200);
    assert.equal(still.json().client_name, 'Private to Alice');
    assert.equal(still.json().updated_at, app.updated_at);
    const ok = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.client_id, app.client_secret) });
    assert.equal(ok.status, 200, 'the secret was not rotated');
  });

  it('a malformed id is a 404, not a 400 or 500', async () => {
    for (const pk of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      assert.equal((await alice.call('GET', `/oauth/applications/${pk}/`)).status, 404, pk);
    }
  });

  const BAD: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['plain http redirect URI', { redirect_uris: ['http://printer.example.com/cb'] }, 'redirect_uris', /https/],
    ['a fragment', { redirect_uris: ['https://printer.example.com/cb#x'] }, 'redirect_uris', /fragment/],
    ['a relative URI', { redirect_uris: ['/callback'] }, 'redirect_uris', /absolute/i],
    ['a redirect URI that is not ASCII', { redirect_uris: ['https://printer.example.com/中'] }, 'redirect_uris', /percent-encode/],
    ['no redirect URI for the code grant', { redirect_uris: [] }, 'redirect_uris', /at least one redirect URI/],
    ['no name', { client_name: '' }, 'client_name', /required/],
    ['a name too long', { client_name: 'x'.repeat(256) }, 'client_name', /too long/],
    ['no grant type', { grant_types: [] }, 'grant_types', /at least one grant/],
    ['an unknown grant type', { grant_types: ['device_code'] }, 'grant_types', /Unknown grant/],
    ['a public client with client_credentials', { token_endpoint_auth_method: 'none' }, 'grant_types', /public client cannot/],
    ['refresh_token alone', { grant_types: ['refresh_token', 'client_credentials'] }, 'grant_types', /Refresh tokens come with/],
    ['an unknown scope, named', { scope: 'read admin' }, 'scope', /Not a scope applications can ask for: admin\./],
    ['no scope', { scope: '' }, 'scope', /at least one scope/],
    ['an unknown auth method', { token_endpoint_auth_method: 'private_key_jwt' }, 'token_endpoint_auth_method', /Unknown authentication/],
    [
      'type and auth method disagree',
      { client_type: 'public', token_endpoint_auth_method: 'client_secret_post', grant_types: ['authorization_code'] },
      'token_endpoint_auth_method',
      /public client authenticates with none/,
    ],
    ['redirect_uris not a list of strings', { redirect_uris: [42] }, 'redirect_uris', /absolute/i],
    ['an unknown field (RFC 7591 has no redirect_uri)', { redirect_uri: 'https://printer.example.com/cb' }, 'redirect_uri', /Unknown field/],
    ['an unknown field beside valid ones', { logo_uri: 'https://printer.example.com/logo.png' }, 'logo_uri', /Unknown field/],
    ['an access token lifetime above the maximum', { access_token_ttl: 86401 }, 'access_token_ttl', /between 60 and 86400/],
    ['a refresh token lifetime below the minimum', { refresh_token_ttl: 10 }, 'refresh_token_ttl', /between 300 and 7776000/],
    ['a lifetime that is not a whole number', { access_token_ttl: '1h' }, 'access_token_ttl', /whole number of seconds/],
    ['a fractional lifetime', { refresh_token_ttl: 600.5 }, 'refresh_token_ttl', /whole number of seconds/],
  ];

  it('bad registrations get 400 with a message per field, and nothing is created', async () => {
    const before = (await alice.call('GET', '/oauth/applications/')).json().length;
    for (const [what, overrides, field, message] of BAD) {
      const res = await alice.call('POST', '/oauth/applications/register/', validApp(overrides));
      assert.equal(res.status, 400, what);
      const body = res.json();
      assert.equal(body.error, 'validation_failed', what);
      assert.match(body.fields[field] ?? '', message, `${what}: ${JSON.stringify(body.fields)}`);
    }
    const notJson = await alice.client.request('POST', '/oauth/applications/register/', {
      body: '{"client_name":',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': alice.csrf },
    });
    assert.equal(notJson.status, 400);
    assert.equal((await alice.call('GET', '/oauth/applications/')).json().length, before);
  });

  it('bad updates get 400 with field messages, and the application is unchanged', async () => {
    const app = await create(alice, { client_name: 'Unchanged' });
    for (const [what, overrides, field, message] of BAD) {
      const res = await alice.call('PUT', `/oauth/applications/${app.id}/update/`, validApp({ client_name: 'Changed', ...overrides }));
      assert.equal(res.status, 400, what);
      assert.match(res.json().fields[field] ?? '', message, what);
    }
    const read = (await alice.call('GET', `/oauth/applications/${app.id}/`)).json();
    assert.equal(read.client_name, 'Unchanged');
    assert.equal(read.updated_at, app.updated_at);
  });

  it('per-application token lifetimes: stored, answered, used for expires_in, exp and the refresh token; unset is the global default', async () => {
    const app = await create(alice, { grant_types: ['password', 'refresh_token', 'client_credentials'], access_token_ttl: 120, refresh_token_ttl: 600 });
    assert.equal(app.access_token_ttl, 120);
    assert.equal(app.refresh_token_ttl, 600);
    const auth = { authorization: basic(app.client_id, app.client_secret) };
    const cc = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials', scope: 'read' }, auth);
    assert.equal(cc.json.expires_in, 120);
    const claims = JSON.parse(Buffer.from(cc.json.access_token.split('.')[1], 'base64url').toString());
    assert.equal(claims.exp - claims.iat, 120);
    const pw = await postForm(t, '/oauth/token/', { grant_type: 'password', username: alice.username, password: alice.password, scope: 'read' }, auth);
    assert.equal(pw.json.expires_in, 120);
    const [row] = await t.dataSource.query('SELECT expires_at FROM refresh_tokens WHERE token_hash = ?', [sha256Hex(pw.json.refresh_token)]);
    assert.ok(Math.abs(new Date(row.expires_at).getTime() - (Date.now() + 600_000)) < 5000, String(row.expires_at));

    // PUT replaces the metadata as a whole: lifetimes left out return to the defaults.
    const updated = await alice.call(
      'PUT',
      `/oauth/applications/${app.id}/update/`,
      validApp({ grant_types: ['password', 'refresh_token', 'client_credentials'] }),
    );
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json().access_token_ttl, null);
    assert.equal((await postForm(t, '/oauth/token/', { grant_type: 'client_credentials', scope: 'read' }, auth)).json.expires_in, 3600);
  });

  it("field messages follow the reader's language", async () => {
    const res = await alice.client.request('POST', '/oauth/applications/register/', {
      json: validApp({ redirect_uris: ['http://printer.example.com/cb'] }),
      headers: { accept: 'application/json', 'x-csrf-token': alice.csrf, 'accept-language': 'zh-CN' },
    });
    assert.equal(res.status, 400);
    assert.match(res.json().fields.redirect_uris, /必须使用 https/);
  });

  it('a JSON call with the session cookie but without X-CSRF-Token is refused', async () => {
    const res = await alice.client.request('POST', '/oauth/applications/register/', { json: validApp(), headers: { accept: 'application/json' } });
    assert.equal(res.status, 403);
    const app = await create(alice);
    const del = await alice.client.request('DELETE', `/oauth/applications/${app.id}/delete/`);
    assert.equal(del.status, 403);
    assert.equal((await alice.call('GET', `/oauth/applications/${app.id}/`)).status, 200);
  });

  it('signed-out callers get 401 (JSON) or the sign-in page (HTML)', async () => {
    const anon = new HttpClient(t.baseUrl);
    assert.equal((await anon.get('/oauth/applications/', { accept: 'application/json' })).status, 401);
    const page = await anon.get('/oauth/applications/');
    assert.equal(page.status, 303);
    assert.match(page.location ?? '', /^\/accounts\/login\/\?next=/);
  });
});
