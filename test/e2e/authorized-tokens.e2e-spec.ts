import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { Consent } from '../../src/tokens/consent.entity';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { csrfFrom, HttpClient, htmlText } from '../support/http-client';
import { bearerGet, passwordToken } from '../support/management';
import { basic, postForm, seedApp, SeededApp, seedUser, signIn } from '../support/oauth';

const jtiOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).jti as string;

describe("authorized tokens: the user's grants", () => {
  let t: TestApp;
  let printer: SeededApp;
  let calendar: SeededApp;
  let alice: { id: number; username: string };
  let bob: { id: number; username: string };
  let aliceClient: HttpClient;
  let bobClient: HttpClient;

  const tokenId = async (jwt: string) => Number((await t.dataSource.query('SELECT id FROM access_tokens WHERE jti = ?', [jtiOf(jwt)]))[0].id);
  const jsonCall = async (c: HttpClient, method: string, path: string) =>
    c.request(method, path, { headers: { accept: 'application/json', 'x-csrf-token': await c.csrfToken('/oauth/authorized_tokens/') } });
  const refresh = (app: SeededApp, refreshToken: string) =>
    postForm(t, '/oauth/token/', { grant_type: 'refresh_token', refresh_token: refreshToken }, { authorization: basic(app.clientId, app.clientSecret!) });
  const userResource = (jwt: string, id = alice.id) => bearerGet(t.baseUrl, `/accounts/resource/user/${id}/`, jwt);

  before(async () => {
    t = await startApp();
    alice = await seedUser(t, 'alice');
    bob = await seedUser(t, 'bob');
    const owner = await seedUser(t, 'owner');
    const grants = { grantTypes: ['password', 'refresh_token'] as const, redirectUris: [], scopes: ['read', 'profile', 'email'] };
    printer = await seedApp(t, owner.id, { ...grants, grantTypes: [...grants.grantTypes], name: 'Printer' });
    calendar = await seedApp(t, owner.id, { ...grants, grantTypes: [...grants.grantTypes], name: 'Calendar' });
    aliceClient = await signIn(t, alice.username);
    bobClient = await signIn(t, bob.username);
  });
  after(async () => t.close());

  it('lists live tokens grouped by application with scopes, issue and expiry times', async () => {
    const a = await passwordToken(t, printer, alice.username, 'read profile');
    const b = await passwordToken(t, printer, alice.username, 'email');
    const c = await passwordToken(t, calendar, alice.username, 'profile');
    await passwordToken(t, calendar, bob.username, 'read');
    const res = await aliceClient.get('/oauth/authorized_tokens/', { accept: 'application/json' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const grants = res.json() as Array<{
      application: { id: number; client_name: string };
      tokens: Array<{ id: number; scope: string; issued_at: string; expires_at: string }>;
      refresh_tokens: number;
    }>;
    assert.deepEqual(grants.map((g) => g.application.client_name).sort(), ['Calendar', 'Printer']);
    const p = grants.find((g) => g.application.client_name === 'Printer')!;
    assert.deepEqual(p.tokens.map((x) => x.id).sort(), [await tokenId(a.access_token), await tokenId(b.access_token)].sort());
    assert.deepEqual(p.tokens.map((x) => x.scope).sort(), ['email', 'read profile']);
    assert.equal(p.refresh_tokens, 2);
    for (const tok of p.tokens) {
      const ms = Date.parse(tok.expires_at) - Date.parse(tok.issued_at);
      assert.ok(Math.abs(ms - 3600_000) < 2000, 'expires an hour after issue');
    }
    const cal = grants.find((g) => g.application.client_name === 'Calendar')!;
    assert.deepEqual(
      cal.tokens.map((x) => x.id),
      [await tokenId(c.access_token)],
      "not bob's token",
    );
    assert.doesNotMatch(res.text, /hash|jti|access_token/);

    const page = htmlText((await aliceClient.get('/oauth/authorized_tokens/')).text);
    assert.match(page, /<h2 id="grant-\d+">Printer<\/h2>/);
    assert.match(page, /<code>read<\/code> <code>profile<\/code>/);
    assert.match(page, /UTC<\/time>/);
    assert.ok(!page.includes(a.access_token));
  });

  it('revokes one token and its refresh token through the confirmation page; it stops working at once', async () => {
    const tok = await passwordToken(t, printer, alice.username, 'read');
    const id = await tokenId(tok.access_token);
    assert.equal((await userResource(tok.access_token)).status, 200);
    const confirm = await aliceClient.get(`/oauth/authorized_tokens/${id}/delete/`);
    assert.equal(confirm.status, 200);
    assert.match(htmlText(confirm.text), /“Printer” will no longer be able to use this token/);
    const res = await aliceClient.post(`/oauth/authorized_tokens/${id}/delete/`, { _csrf: csrfFrom(confirm.text) });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/oauth/authorized_tokens/');
    assert.match((await aliceClient.get('/oauth/authorized_tokens/')).text, /The token was revoked/);
    const after = await userResource(tok.access_token);
    assert.equal(after.status, 401);
    assert.match(after.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const renewed = await refresh(printer, tok.refresh_token!);
    assert.equal(renewed.status, 400);
    assert.equal(renewed.json.error, 'invalid_grant');
    const list = (await aliceClient.get('/oauth/authorized_tokens/', { accept: 'application/json' })).json();
    assert.ok(!list.some((g: { tokens: Array<{ id: number }> }) => g.tokens.some((x) => x.id === id)));
  });

  it('revoking a token also revokes what its refresh token already minted (the family)', async () => {
    const first = await passwordToken(t, printer, alice.username, 'read');
    const second = await refresh(printer, first.refresh_token!);
    assert.equal(second.status, 200, second.text);
    const del = await jsonCall(aliceClient, 'DELETE', `/oauth/authorized_tokens/${await tokenId(first.access_token)}/delete/`);
    assert.equal(del.status, 204);
    assert.equal((await userResource(second.json.access_token)).status, 401);
    assert.equal((await refresh(printer, second.json.refresh_token)).status, 400);
  });

  it("another user's token is a 404 on every route and keeps working", async () => {
    const tok = await passwordToken(t, printer, alice.username, 'read');
    const id = await tokenId(tok.access_token);
    assert.equal((await bobClient.get(`/oauth/authorized_tokens/${id}/delete/`)).status, 404);
    assert.equal((await jsonCall(bobClient, 'DELETE', `/oauth/authorized_tokens/${id}/delete/`)).status, 404);
    const form = await bobClient.get('/oauth/authorized_tokens/');
    assert.equal((await bobClient.post(`/oauth/authorized_tokens/${id}/delete/`, { _csrf: csrfFrom(form.text) })).status, 404);
    assert.equal((await bobClient.get(`/oauth/authorized_tokens/applications/${printer.id}/delete/`)).status, 404);
    assert.equal((await jsonCall(bobClient, 'DELETE', `/oauth/authorized_tokens/applications/${printer.id}/delete/`)).status, 404);
    assert.equal((await bobClient.get('/oauth/authorized_tokens/abc/delete/')).status, 404);
    assert.equal((await userResource(tok.access_token)).status, 200);
    assert.equal((await refresh(printer, tok.refresh_token!)).status, 200);
  });

  it('removing an application revokes all its tokens and forgets the consent, and leaves other apps alone', async () => {
    const p1 = await passwordToken(t, printer, alice.username, 'read');
    const p2 = await passwordToken(t, printer, alice.username, 'profile');
    const cal = await passwordToken(t, calendar, alice.username, 'read');
    const bobs = await passwordToken(t, printer, bob.username, 'read');
    const consents = t.dataSource.getRepository(Consent);
    await consents.save(consents.create({ userId: alice.id, applicationId: printer.id, scopes: ['read', 'profile'] }));
    const confirm = await aliceClient.get(`/oauth/authorized_tokens/applications/${printer.id}/delete/`);
    assert.equal(confirm.status, 200);
    assert.match(htmlText(confirm.text), /Revoke every token of “Printer” and forget your permission\?/);
    const res = await aliceClient.post(`/oauth/authorized_tokens/applications/${printer.id}/delete/`, { _csrf: csrfFrom(confirm.text) });
    assert.equal(res.status, 303);
    for (const tok of [p1, p2]) {
      assert.equal((await userResource(tok.access_token)).status, 401);
      assert.equal((await refresh(printer, tok.refresh_token!)).status, 400);
    }
    assert.equal(await consents.count({ where: { userId: alice.id, applicationId: printer.id } }), 0);
    assert.equal((await userResource(cal.access_token)).status, 200, 'another application keeps its token');
    assert.equal((await userResource(bobs.access_token, bob.id)).status, 200, 'another user keeps theirs');
    const list = (await aliceClient.get('/oauth/authorized_tokens/', { accept: 'application/json' })).json();
    assert.deepEqual(
      list.map((g: { application: { client_name: string } }) => g.application.client_name),
      ['Calendar'],
    );
    assert.equal((await jsonCall(aliceClient, 'DELETE', `/oauth/authorized_tokens/applications/${printer.id}/delete/`)).status, 404, 'nothing left');
  });

  it('the page exists in Simplified Chinese', async () => {
    const res = await aliceClient.get('/oauth/authorized_tokens/?lang=zh-CN');
    assert.match(res.text, /已授权的应用/);
  });
});

describe('authorized tokens: revocation on every instance', () => {
  it('a token revoked through one instance is refused by another at once', async () => {
    const dataDir = makeDataDir();
    // Two instances of one deployment: same database, signing keys and issuer.
    const a = await startApp({ ISSUER: 'http://127.0.0.1:9' }, dataDir);
    const b = await startApp({ ISSUER: 'http://127.0.0.1:9' }, dataDir);
    try {
      const user = await seedUser(a, 'multi');
      const app = await seedApp(a, user.id, { grantTypes: ['password'], redirectUris: [], scopes: ['read'] });
      const tok = await passwordToken(a, app, user.username, 'read');
      assert.equal((await bearerGet(b.baseUrl, `/accounts/resource/user/${user.id}/`, tok.access_token)).status, 200, "B accepts A's token");
      const c = await signIn(a, user.username);
      const [{ id }] = await a.dataSource.query('SELECT id FROM access_tokens WHERE jti = ?', [jtiOf(tok.access_token)]);
      const del = await c.request('DELETE', `/oauth/authorized_tokens/${id}/delete/`, {
        headers: { 'x-csrf-token': await c.csrfToken('/oauth/authorized_tokens/') },
      });
      assert.equal(del.status, 204);
      const res = await bearerGet(b.baseUrl, `/accounts/resource/user/${user.id}/`, tok.access_token);
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    } finally {
      await b.close();
      await a.close();
      removeDataDir(dataDir);
    }
  });
});
