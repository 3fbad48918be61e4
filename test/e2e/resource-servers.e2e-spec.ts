import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startApp, TestApp } from '../support/app';
import { apiUser, ApiUser, validApp } from '../support/management';
import { basic, postForm } from '../support/oauth';

interface RegisteredApp {
  id: number;
  client_id: string;
  client_secret: string;
  scope: string;
  resource_server: boolean;
}

/**
 * Introspection of other clients' tokens (RFC 7662) is a power staff give an application
 * (CONTRACT §2.4), never a scope a developer picks for their own (issue 12, item 3).
 */
describe('resource servers: only staff let an application introspect every token', () => {
  let t: TestApp;
  let alice: ApiUser;
  let mallory: ApiUser;
  let aliceApp: RegisteredApp;
  let tokens: { access_token: string; refresh_token?: string };
  const cli = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist/src/cli.js'), ...args], {
      env: { ...process.env, ...t.env, LOG_LEVEL: 'error' },
      timeout: 20_000,
    });
    return JSON.parse(stdout);
  };
  const register = async (u: ApiUser, overrides: Record<string, unknown> = {}): Promise<RegisteredApp> => {
    const res = await u.call(
      'POST',
      '/oauth/applications/register/',
      validApp({ grant_types: ['password', 'refresh_token', 'client_credentials'], ...overrides }),
    );
    assert.equal(res.status, 201, res.text);
    return res.json();
  };
  const introspect = async (as: RegisteredApp, token: string) =>
    (await postForm(t, '/oauth/introspect/', { token }, { authorization: basic(as.client_id, as.client_secret) })).json;

  before(async () => {
    t = await startApp();
    alice = await apiUser(t, 'alice');
    mallory = await apiUser(t, 'mallory');
    aliceApp = await register(alice);
    const grant = { grant_type: 'password', username: alice.username, password: alice.password, scope: 'read' };
    tokens = (await postForm(t, '/oauth/token/', grant, { authorization: basic(aliceApp.client_id, aliceApp.client_secret) })).json;
    assert.ok(tokens.refresh_token);
  });
  after(async () => t.close());

  it('no developer can give their own application the introspection scope: a 400 naming it, nothing created or changed', async () => {
    const before = (await mallory.call('GET', '/oauth/applications/')).json().length;
    for (const scope of ['read introspection', 'introspection', 'read admin']) {
      const res = await mallory.call('POST', '/oauth/applications/register/', validApp({ scope }));
      assert.equal(res.status, 400, scope);
      assert.match(res.json().fields.scope, new RegExp(`: ${scope.replace('read ', '')}\\.$`), res.text);
    }
    assert.equal((await mallory.call('GET', '/oauth/applications/')).json().length, before);

    const own = await register(mallory);
    const update = await mallory.call('PUT', `/oauth/applications/${own.id}/update/`, validApp({ scope: 'read introspection' }));
    assert.equal(update.status, 400);
    assert.match(update.json().fields.scope, /introspection/);
    assert.equal((await mallory.call('GET', `/oauth/applications/${own.id}/`)).json().scope, own.scope);

    // The HTML form, a checkbox added by hand: the form again, the scope named beside the field.
    const page = await mallory.client.submit(
      '/oauth/applications/register/',
      { client_name: 'forged', grant_types: 'client_credentials', scope: 'introspection', client_type: 'confidential' },
      '/oauth/applications/register/',
    );
    assert.equal(page.status, 400);
    assert.match(page.text, /introspection/);
    const zh = await mallory.client.request('POST', '/oauth/applications/register/', {
      json: validApp({ scope: 'introspection' }),
      headers: { accept: 'application/json', 'x-csrf-token': mallory.csrf, 'accept-language': 'zh-CN' },
    });
    assert.match(zh.json().fields.scope, /权限范围.*introspection/);
  });

  it('metadata lists neither the scope nor Bearer authentication at the introspection endpoint', async () => {
    const meta = (await (await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, string[]>;
    assert.ok(!meta.scopes_supported.includes('introspection'));
    assert.deepEqual(meta.introspection_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
  });

  it("an unmarked client sees only its own tokens; another client's token is just inactive, a Bearer token no way in", async () => {
    const own = await introspect(aliceApp, tokens.access_token);
    assert.equal(own.active, true);
    assert.equal(own.client_id, aliceApp.client_id);
    const malloryApp = await register(mallory);
    assert.equal(malloryApp.resource_server, false);
    assert.deepEqual(await introspect(malloryApp, tokens.access_token), { active: false });
    assert.deepEqual(await introspect(malloryApp, tokens.refresh_token!), { active: false });
    const cc = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'client_credentials', scope: 'read' },
      { authorization: basic(malloryApp.client_id, malloryApp.client_secret) },
    );
    const viaBearer = await postForm(t, '/oauth/introspect/', { token: tokens.access_token }, { authorization: `Bearer ${cc.json.access_token}` });
    assert.equal(viaBearer.status, 401);
    assert.equal(viaBearer.json.error, 'invalid_client');
    assert.equal(viaBearer.json.active, undefined);
  });

  it('staff mark a resource server (npm run cli -- app:resource-server CLIENT_ID [--off]): it introspects every token with its own credentials', async () => {
    const rs = await register(mallory);
    assert.deepEqual(await cli('app:resource-server', rs.client_id), { client_id: rs.client_id, resource_server: true });
    const seen = await introspect(rs, tokens.access_token);
    assert.equal(seen.active, true);
    assert.equal(seen.client_id, aliceApp.client_id);
    assert.equal(seen.sub, String(alice.id));
    assert.equal((await introspect(rs, tokens.refresh_token!)).active, true);

    // The owner sees the flag and cannot set or clear it; an update keeps it.
    assert.equal((await mallory.call('GET', `/oauth/applications/${rs.id}/`)).json().resource_server, true);
    assert.match((await mallory.client.get(`/oauth/applications/${rs.id}/`)).text, /Resource server.*Only staff can change this/s);
    // Sent by the owner, the read-only flag is a 400 naming it (never silently dropped), and nothing changes.
    const updated = await mallory.call('PUT', `/oauth/applications/${rs.id}/update/`, validApp({ resource_server: false, client_name: 'renamed' }));
    assert.equal(updated.status, 400, updated.text);
    assert.ok(updated.json().fields.resource_server, updated.text);
    const kept = (await mallory.call('GET', `/oauth/applications/${rs.id}/`)).json();
    assert.equal(kept.resource_server, true);
    assert.notEqual(kept.client_name, 'renamed');
    const asked = await mallory.call('POST', '/oauth/applications/register/', validApp({ resource_server: true }));
    assert.equal(asked.status, 400, 'registration cannot ask for it');
    const other = await register(mallory);
    assert.equal(other.resource_server, false);
    assert.deepEqual(await introspect(other, tokens.access_token), { active: false });

    assert.deepEqual(await cli('app:resource-server', rs.client_id, '--off'), { client_id: rs.client_id, resource_server: false });
    assert.deepEqual(await introspect(rs, tokens.access_token), { active: false });
    assert.equal((await mallory.call('GET', `/oauth/applications/${rs.id}/`)).json().resource_server, false);
    assert.doesNotMatch((await mallory.client.get(`/oauth/applications/${rs.id}/`)).text, /Resource server/);
  });

  it('the CLI refuses an unknown client id and a public client (it cannot authenticate at the introspection endpoint)', async () => {
    await assert.rejects(cli('app:resource-server', 'no-such-client'), /no such application/);
    const spa = await register(mallory, { token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] });
    await assert.rejects(cli('app:resource-server', spa.client_id), /confidential/);
    await assert.rejects(cli('app:resource-server'), /CLIENT_ID/);
  });

  it('a client id that begins with dashes goes after a lone --; new ids never begin with one', async () => {
    const rs = await register(mallory);
    assert.ok(!rs.client_id.startsWith('-'));
    // An id issued before that rule (1 in 64 began with "-").
    const dashed = `--${rs.client_id.slice(2)}`;
    await t.dataSource.getRepository('Application').update({ id: rs.id }, { clientId: dashed });
    await assert.rejects(cli('app:resource-server', dashed), /CLIENT_ID/);
    assert.deepEqual(await cli('app:resource-server', '--', dashed), { client_id: dashed, resource_server: true });
    assert.deepEqual(await cli('app:resource-server', '--off', '--', dashed), { client_id: dashed, resource_server: false });
  });
});

describe('resource servers: the migration takes the introspection scope away from applications staff have not marked', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => t.close());

  it('an application that gave itself the scope loses it (and only it); the flag starts off', async () => {
    const dev = await apiUser(t, 'dev');
    const created = (await dev.call('POST', '/oauth/applications/register/', validApp({ scope: 'read profile' }))).json() as RegisteredApp;
    const ds = t.dataSource;
    const index = ds.migrations.findIndex((m) => m.name === 'ResourceServers1764000000000');
    assert.ok(index >= 0, 'the migration is registered');
    for (let i = ds.migrations.length - 1; i >= index; i--) await ds.undoLastMigration({ transaction: 'each' });
    // As the database held it before: the scope chosen by the developer.
    await ds.query('UPDATE applications SET scopes = ? WHERE id = ?', ['read introspection profile', created.id]);
    await ds.runMigrations({ transaction: 'each' });
    const [row] = await ds.query('SELECT scopes, resource_server FROM applications WHERE id = ?', [created.id]);
    assert.equal(row.scopes, 'read profile');
    assert.equal(Number(row.resource_server), 0);
    assert.equal((await dev.call('GET', `/oauth/applications/${created.id}/`)).json().scope, 'read profile');
  });
});
