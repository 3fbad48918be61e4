import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { apiUser, passwordToken, validApp } from '../support/management';
import { authorize, basic, PASSWORD, pkcePair, postForm, seedApp, seedUser, signIn } from '../support/oauth';

interface Row {
  type: string;
  user_id: number | null;
  client_id: string | null;
  ip: string | null;
  details: string;
}

describe('audit log: applications, consents, revocations and replays (CONTRACT §8)', () => {
  let t: TestApp;
  const rowsOf = (clientId: string) => t.dataSource.query('SELECT * FROM audit_events WHERE client_id = ? ORDER BY id', [clientId]) as Promise<Row[]>;
  const typesOf = async (clientId: string) => (await rowsOf(clientId)).map((r) => r.type);

  before(async () => {
    t = await startApp({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: '0' });
  });
  after(async () => t.close());

  it('records an application created, changed, given a new secret and deleted, never the secret', async () => {
    const dev = await apiUser(t);
    const created = await dev.call('POST', '/oauth/applications/register/', validApp());
    assert.equal(created.status, 201);
    const { id, client_id, client_secret } = created.json();
    assert.equal((await dev.call('PUT', `/oauth/applications/${id}/update/`, validApp({ client_name: 'Renamed' }))).status, 200);
    const rotated = await dev.call('POST', `/oauth/applications/${id}/rotate_secret/`);
    assert.equal(rotated.status, 200);
    assert.equal((await dev.call('DELETE', `/oauth/applications/${id}/delete/`)).status, 204);
    const rows = await rowsOf(client_id);
    assert.deepEqual(
      rows.map((r) => r.type),
      ['app.created', 'app.updated', 'app.secret_rotated', 'app.deleted'],
    );
    assert.ok(rows.every((r) => r.user_id === dev.id));
    const text = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));
    assert.ok(!text.includes(client_secret) && !text.includes(rotated.json().client_secret), 'no secret in any event');
  });

  it('records nothing for a refused change: a bad form writes no event', async () => {
    const dev = await apiUser(t);
    const before = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_events WHERE user_id = ?', [dev.id]))[0].n);
    assert.equal((await dev.call('POST', '/oauth/applications/register/', validApp({ redirect_uris: ['not a uri'] }))).status, 400);
    assert.equal(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_events WHERE user_id = ?', [dev.id]))[0].n), before);
  });

  it('records the consent given, then a token revoked and the access removed by the user', async () => {
    const owner = await seedUser(t, 'owner');
    const app = await seedApp(t, owner.id, { grantTypes: ['authorization_code', 'password', 'refresh_token'], scopes: ['read', 'profile'] });
    const user = await seedUser(t, 'consenting');
    const browser = await signIn(t, user.username);
    const { challenge } = pkcePair();
    await authorize(browser, {
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope: 'read',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
    });
    const token = await passwordToken(t, app, user.username, 'read');
    const jti = JSON.parse(Buffer.from(token.access_token.split('.')[1], 'base64url').toString()).jti as string;
    const [{ id }] = await t.dataSource.query('SELECT id FROM access_tokens WHERE jti = ?', [jti]);
    const csrf = await browser.csrfToken('/oauth/authorized_tokens/');
    const call = (method: string, path: string) => browser.request(method, path, { headers: { accept: 'application/json', 'x-csrf-token': csrf } });
    assert.equal((await call('DELETE', `/oauth/authorized_tokens/${id}/delete/`)).status, 204);
    assert.equal((await call('DELETE', `/oauth/authorized_tokens/applications/${app.id}/delete/`)).status, 204);
    const rows = (await rowsOf(app.clientId)).filter((r) => r.user_id === user.id);
    assert.deepEqual(
      rows.map((r) => r.type),
      ['consent.granted', 'token.revoked', 'consent.revoked'],
    );
    assert.deepEqual(JSON.parse(rows[0].details), { scope: 'read' });
  });

  it('records a failed client authentication and a failed password grant, not a successful one', async () => {
    const owner = await seedUser(t, 'owner');
    const app = await seedApp(t, owner.id, { grantTypes: ['password'], redirectUris: [], scopes: ['read'] });
    const bad = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'password', username: owner.username, password: PASSWORD },
      { authorization: basic(app.clientId, 'wrong') },
    );
    assert.equal(bad.status, 401);
    const wrongPassword = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'password', username: owner.username, password: 'not it' },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(wrongPassword.status, 400);
    await passwordToken(t, app, owner.username, 'read');
    const rows = (await rowsOf(app.clientId)).filter((r) => r.type !== 'app.created');
    assert.deepEqual(
      rows.map((r) => r.type),
      ['client.auth.failed', 'user.login.failed'],
    );
    assert.equal(rows[0].ip, '127.0.0.1');
    assert.equal(rows[1].user_id, owner.id);
    assert.ok(!JSON.stringify(rows).includes('wrong'), 'no presented secret in the event');
  });

  it('records a reused authorization code and a reused refresh token', async () => {
    const owner = await seedUser(t, 'owner');
    const app = await seedApp(t, owner.id, { grantTypes: ['authorization_code', 'refresh_token'], scopes: ['read'] });
    const browser = await signIn(t, owner.username);
    const code = async () => {
      const { verifier, challenge } = pkcePair();
      const { params } = await authorize(browser, {
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: app.redirectUri,
        scope: 'read',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      return () =>
        postForm(
          t,
          '/oauth/token/',
          { grant_type: 'authorization_code', code: params.code, redirect_uri: app.redirectUri, code_verifier: verifier },
          { authorization: basic(app.clientId, app.clientSecret!) },
        );
    };
    const redeemOnce = await code();
    assert.equal((await redeemOnce()).status, 200);
    assert.equal((await redeemOnce()).status, 400);
    const first = await (await code())();
    const refresh = () =>
      postForm(
        t,
        '/oauth/token/',
        { grant_type: 'refresh_token', refresh_token: first.json.refresh_token },
        { authorization: basic(app.clientId, app.clientSecret!) },
      );
    assert.equal((await refresh()).status, 200);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await refresh()).status, 400);
    const types = await typesOf(app.clientId);
    assert.deepEqual(
      types.filter((x) => x.endsWith('reuse_detected')),
      ['code.reuse_detected', 'refresh_token.reuse_detected'],
    );
  });
});
