import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { UsersService } from '../../src/accounts/users.service';
import { PROJECT_ROOT } from '../../src/config/paths';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { seedUser, SeededUser, signedInClient, uniqueName } from '../support/accounts';
import { HttpClient, htmlText, HttpResult } from '../support/http-client';
import { bearerGet, passwordToken } from '../support/management';
import {
  authorizePath,
  basic,
  clientCredentials,
  codeFlowTokens,
  PASSWORD,
  pkcePair,
  postForm,
  seedApp,
  seedUser as seedOAuthUser,
  signIn,
} from '../support/oauth';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

interface Staff {
  id: number;
  client: HttpClient;
  call(method: string, path: string, json?: unknown): Promise<HttpResult>;
}

describe('operator console: /admin (CONTRACT §7)', () => {
  let t: TestApp;
  let second: TestApp;
  let dataDir: string;
  let smtp: SmtpCatcher;
  let staff: Staff;

  const makeStaff = async (): Promise<Staff> => {
    const username = uniqueName('staff');
    const password = 'a staff passphrase 1';
    const user = await t.get<UsersService>(UsersService).create({ username, email: `${username}@example.test`, password, emailVerified: true, isStaff: true });
    const client = await signedInClient(t, { username, password });
    const csrf = await client.csrfToken('/admin/');
    const call = (method: string, path: string, json?: unknown) =>
      client.request(method, path, { json, headers: { accept: 'application/json', 'x-csrf-token': csrf } });
    return { id: user.id, client, call };
  };
  const events = (type: string, userId: number) =>
    t.dataSource.query('SELECT * FROM audit_events WHERE type = ? AND user_id = ? ORDER BY id', [type, userId]) as Promise<
      Array<{ details: string; client_id: string }>
    >;

  before(async () => {
    smtp = await new SmtpCatcher().start();
    dataDir = makeDataDir();
    t = await startApp({ SMTP_URL: smtp.url }, dataDir);
    // A second instance on the same database: what one does, the other must see at once.
    second = await startApp({ SMTP_URL: smtp.url }, dataDir);
    staff = await makeStaff();
  });
  after(async () => {
    await second.close();
    await t.close();
    await smtp.stop();
    removeDataDir(dataDir);
  });

  describe('who may see it', () => {
    const routes: Array<[string, string]> = [
      ['GET', '/admin/'],
      ['GET', '/admin/users/'],
      ['GET', '/admin/users/1/'],
      ['PUT', '/admin/users/1/'],
      ['POST', '/admin/users/1/'],
      ['DELETE', '/admin/users/1/'],
      ['GET', '/admin/users/1/delete/'],
      ['POST', '/admin/users/1/delete/'],
      ['POST', '/admin/users/1/disable/'],
      ['POST', '/admin/users/1/enable/'],
      ['POST', '/admin/users/1/send_reset/'],
      ['GET', '/admin/groups/'],
      ['POST', '/admin/groups/'],
      ['GET', '/admin/groups/1/'],
      ['PUT', '/admin/groups/1/'],
      ['DELETE', '/admin/groups/1/'],
      ['POST', '/admin/groups/1/members/'],
      ['DELETE', '/admin/groups/1/members/1/'],
      ['GET', '/admin/applications/'],
      ['GET', '/admin/applications/1/'],
      ['POST', '/admin/applications/1/disable/'],
      ['POST', '/admin/applications/1/enable/'],
      ['POST', '/admin/applications/1/resource_server/'],
      ['GET', '/admin/authorizations/'],
      ['DELETE', '/admin/authorizations/1/'],
      ['GET', '/admin/audit/'],
      ['GET', '/admin/no-such-page/'],
    ];

    it('answers 404 to visitors and to signed-in users who are not staff, on every route, page or JSON, and changes nothing', async () => {
      const victim = await seedUser(t, 'victim');
      const member = await seedUser(t, 'member');
      const memberClient = await signedInClient(t, member);
      const csrf = await memberClient.csrfToken('/accounts/profile/');
      const anonymous = new HttpClient(t.baseUrl);
      for (const [method, path] of routes) {
        const target = path.replace('/1/', `/${victim.id}/`);
        for (const accept of ['application/json', 'text/html']) {
          const a = await anonymous.request(method, target, { headers: { accept } });
          assert.equal(a.status, 404, `${method} ${target} (${accept}) for a visitor`);
          const m = await memberClient.request(method, target, { headers: { accept, 'x-csrf-token': csrf } });
          assert.equal(m.status, 404, `${method} ${target} (${accept}) for a user`);
        }
      }
      const still = await t.get<UsersService>(UsersService).findById(victim.id);
      assert.equal(still?.isActive, true);
    });

    it('opens every page to staff, and shows the console link only to them', async () => {
      for (const path of [
        '/admin/',
        '/admin/users/',
        '/admin/groups/',
        '/admin/applications/',
        '/admin/authorizations/',
        '/admin/audit/',
        `/admin/users/${staff.id}/`,
      ]) {
        const res = await staff.client.get(path);
        assert.equal(res.status, 200, path);
        assert.match(res.text, /<meta name="viewport"/);
      }
      assert.match((await staff.client.get('/accounts/profile/')).text, /href="\/admin\/"/);
      const member = await signedInClient(t, await seedUser(t));
      assert.doesNotMatch((await member.get('/accounts/profile/')).text, /href="\/admin\/"/);
      const zh = await staff.client.get('/admin/users/?lang=zh-CN');
      assert.match(htmlText(zh.text), /用户名或邮箱/);
      await staff.client.get('/admin/?lang=en');
    });
  });

  describe('users', () => {
    it('searches by part of a username or e-mail, with paging, and answers the contract shape', async () => {
      const tag = uniqueName('find').toLowerCase();
      const users = t.get<UsersService>(UsersService);
      const a = await users.create({ username: `${tag}_a`, email: `a_${tag}@example.test`, password: PASSWORD, emailVerified: true });
      await users.create({ username: `${tag}_b`, email: `b_${tag}@example.test`, password: PASSWORD });
      const page = (await staff.call('GET', `/admin/users/?q=${tag}&per_page=1`)).json();
      assert.equal(page.total, 2);
      assert.equal(page.items.length, 1);
      assert.deepEqual(Object.keys(page.items[0]).sort(), [
        'created_at',
        'email',
        'email_verified',
        'groups',
        'id',
        'is_active',
        'is_staff',
        'last_login_at',
        'username',
      ]);
      const me = (await staff.call('GET', `/admin/users/${staff.id}/`)).json();
      assert.ok(Math.abs(Date.parse(me.last_login_at) - Date.now()) < 5 * 60_000, 'the last sign-in is known');
      assert.equal(page.items[0].last_login_at, null);
      const byMail = (await staff.call('GET', `/admin/users/?q=A_${tag}@EXAMPLE`)).json();
      assert.deepEqual(
        byMail.items.map((u: { id: number }) => u.id),
        [a.id],
      );
      // A wildcard typed in the search is a letter.
      assert.equal((await staff.call('GET', '/admin/users/?q=%25')).json().total, 0);
      assert.equal((await staff.call('GET', '/admin/users/?page=0')).status, 400);
      assert.equal((await staff.call('GET', '/admin/users/?per_page=1000')).status, 400);
    });

    it('edits e-mail, staff flag and groups; a bad field is a 400 naming it and changes nothing', async () => {
      const u = await seedUser(t, 'edit');
      const group = (await staff.call('POST', '/admin/groups/', { name: uniqueName('g') })).json();
      const res = await staff.call('PUT', `/admin/users/${u.id}/`, { email: `new_${u.email}`, is_staff: true, groups: [group.id] });
      assert.equal(res.status, 200);
      const view = res.json();
      assert.equal(view.email, `new_${u.email}`);
      assert.equal(view.email_verified, false, 'a new address is not confirmed');
      assert.equal(view.is_staff, true);
      assert.deepEqual(view.groups, [{ id: group.id, name: group.name }]);
      assert.equal((await events('user.updated', u.id)).length, 1);
      for (const [body, field] of [
        [{ email: 'not an address' }, 'email'],
        [{ is_staff: 'maybe' }, 'is_staff'],
        [{ groups: [999999] }, 'groups'],
        [{ groups: ['x'] }, 'groups'],
        [{ email: staff.client.baseUrl ? `${(await seedUser(t)).email}` : '' }, 'email'],
      ] as const) {
        const bad = await staff.call('PUT', `/admin/users/${u.id}/`, body);
        assert.ok(bad.status === 400 || bad.status === 409, `${JSON.stringify(body)}: ${bad.status}`);
        assert.ok(field in bad.json().fields, `${JSON.stringify(body)} names ${field}`);
      }
      const after = (await staff.call('GET', `/admin/users/${u.id}/`)).json();
      assert.deepEqual(after, view);
      assert.equal((await events('user.updated', u.id)).length, 1);
      assert.equal((await staff.call('GET', '/admin/users/999999/')).status, 404);
    });

    it('edits through the page form (checkbox off, no groups) and shows a bad field beside the form', async () => {
      const u = await seedUser(t, 'form');
      await staff.call('PUT', `/admin/users/${u.id}/`, { is_staff: true });
      const res = await staff.client.submit(`/admin/users/${u.id}/`, { email: u.email, is_staff: 'false', groups: '' });
      assert.equal(res.status, 303);
      assert.equal((await staff.call('GET', `/admin/users/${u.id}/`)).json().is_staff, false);
      const bad = await staff.client.submit(`/admin/users/${u.id}/`, { email: 'nope', is_staff: 'false' });
      assert.equal(bad.status, 400);
      assert.match(htmlText(bad.text), /Enter a valid e-mail address/);
    });

    it('refuses to let staff remove their own staff flag, disable or delete themselves', async () => {
      const me = await makeStaff();
      const demote = await me.call('PUT', `/admin/users/${me.id}/`, { is_staff: false });
      assert.equal(demote.status, 400);
      assert.match(demote.json().message, /own staff flag/);
      assert.equal((await me.call('POST', `/admin/users/${me.id}/disable/`)).status, 400);
      assert.equal((await me.call('DELETE', `/admin/users/${me.id}/`)).status, 400);
      assert.equal((await me.call('GET', `/admin/users/${me.id}/`)).json().is_staff, true);
    });

    it('disables a user: sessions end, tokens die, sign-in and the password grant are refused, on both instances at once; enable undoes only the refusal', async () => {
      const owner = await seedOAuthUser(t, 'owner');
      const app = await seedApp(t, owner.id, { grantTypes: ['password', 'refresh_token'], redirectUris: [], scopes: ['read'] });
      const victim = await seedOAuthUser(t, 'victim');
      const browser = await signIn(t, victim.username);
      const onSecond = new HttpClient(second.baseUrl);
      onSecond.cookies.set(...([...browser.cookies][0] as [string, string]));
      assert.equal((await onSecond.get('/accounts/profile/')).status, 200);
      const token = await passwordToken(t, app, victim.username, 'read');

      const res = await staff.call('POST', `/admin/users/${victim.id}/disable/`);
      assert.equal(res.status, 200);
      assert.equal(res.json().is_active, false);

      assert.equal((await browser.get('/accounts/profile/')).status, 303);
      assert.equal((await onSecond.get('/accounts/profile/')).status, 303);
      for (const base of [t.baseUrl, second.baseUrl])
        assert.equal((await bearerGet(base, `/accounts/resource/user/${victim.id}/`, token.access_token)).status, 401);
      const refresh = await postForm(
        second,
        '/oauth/token/',
        { grant_type: 'refresh_token', refresh_token: token.refresh_token! },
        { authorization: basic(app.clientId, app.clientSecret!) },
      );
      assert.equal(refresh.status, 400);
      const login = await new HttpClient(second.baseUrl).submit('/accounts/login/', { username: victim.username, password: PASSWORD });
      assert.equal(login.status, 401);
      assert.match(htmlText(login.text), /This account has been disabled/);
      const grant = await postForm(
        second,
        '/oauth/token/',
        { grant_type: 'password', username: victim.username, password: PASSWORD },
        { authorization: basic(app.clientId, app.clientSecret!) },
      );
      assert.equal(grant.status, 400);
      assert.equal(grant.json.error_description, 'The account is disabled');
      // A wrong password still says nothing about the account.
      const wrong = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: victim.username, password: 'not the password' });
      assert.doesNotMatch(htmlText(wrong.text), /disabled/);
      assert.deepEqual(JSON.parse((await events('user.disabled', victim.id))[0].details), { by: staff.id });

      assert.equal((await staff.call('POST', `/admin/users/${victim.id}/enable/`)).json().is_active, true);
      assert.equal((await events('user.enabled', victim.id)).length, 1);
      assert.equal((await bearerGet(second.baseUrl, `/accounts/resource/user/${victim.id}/`, token.access_token)).status, 401, 'revocations stay');
      await signIn(second, victim.username);
    });

    it('deletes a user after a confirmation page, with their applications, grants and sessions', async () => {
      const u = await seedOAuthUser(t, 'doomed');
      const app = await seedApp(t, u.id, { grantTypes: ['client_credentials'], redirectUris: [], scopes: ['read'] });
      const browser = await signIn(t, u.username);
      const confirm = await staff.client.get(`/admin/users/${u.id}/delete/`);
      assert.equal(confirm.status, 200);
      assert.match(htmlText(confirm.text), new RegExp(`Delete “${u.username}”`));
      const res = await staff.client.submit(`/admin/users/${u.id}/delete/`, {});
      assert.equal(res.status, 303);
      assert.equal(res.location, '/admin/users/');
      assert.equal((await staff.call('GET', `/admin/users/${u.id}/`)).status, 404);
      assert.equal((await browser.get('/accounts/profile/')).status, 303);
      assert.equal((await clientCredentials(t, app)).status, 401);
      assert.equal(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', [u.id]))[0].n), 0);
      assert.deepEqual(JSON.parse((await events('user.deleted', u.id))[0].details), { username: u.username, by: staff.id });
      assert.equal((await staff.call('DELETE', `/admin/users/${u.id}/`)).status, 404);
    });

    it('mails the user a password-reset link that works', async () => {
      const u = await seedUser(t, 'reset');
      const res = await staff.call('POST', `/admin/users/${u.id}/send_reset/`);
      assert.equal(res.status, 204);
      const link = linkIn(await smtp.waitFor(u.email), `${t.baseUrl}/accounts/reset/`).replace(t.baseUrl, '');
      const done = await new HttpClient(t.baseUrl).submit(link, { new_password1: 'a brand new secret 7', new_password2: 'a brand new secret 7' });
      assert.equal(done.status, 303);
      assert.deepEqual(JSON.parse((await events('user.password_reset.requested', u.id))[0].details), { by: staff.id });
    });
  });

  describe('groups', () => {
    it('creates, renames, fills, empties and deletes a group, recording each change', async () => {
      const name = uniqueName('team');
      const created = await staff.call('POST', '/admin/groups/', { name });
      assert.equal(created.status, 201);
      const id = created.json().id as number;
      assert.equal((await staff.call('POST', '/admin/groups/', { name })).status, 409);
      assert.equal((await staff.call('POST', '/admin/groups/', { name: 'has space' })).status, 400);
      assert.equal((await staff.call('POST', '/admin/groups/', {})).status, 400);
      const renamed = await staff.call('PUT', `/admin/groups/${id}/`, { name: `${name}_x` });
      assert.equal(renamed.json().name, `${name}_x`);
      const u = await seedUser(t, 'member');
      const added = await staff.call('POST', `/admin/groups/${id}/members/`, { user_id: u.id });
      assert.deepEqual(added.json().members, [{ id: u.id, username: u.username }]);
      assert.equal((await staff.call('POST', `/admin/groups/${id}/members/`, { user_id: 99999999 })).status, 400);
      assert.equal((await staff.call('POST', `/admin/groups/${id}/members/`, { user_id: 'abc' })).status, 400);
      assert.equal((await staff.call('GET', `/admin/groups/?q=${name}`)).json().items[0].members, 1);
      assert.equal((await staff.call('DELETE', `/admin/groups/${id}/members/${u.id}/`)).status, 204);
      assert.equal((await staff.call('DELETE', `/admin/groups/${id}/members/${u.id}/`)).status, 404);
      assert.equal((await staff.call('DELETE', `/admin/groups/${id}/`)).status, 204);
      assert.equal((await staff.call('GET', `/admin/groups/${id}/`)).status, 404);
      const types = (
        await t.dataSource.query("SELECT type FROM audit_events WHERE type LIKE 'group.%' AND details LIKE ? ORDER BY id", [`%"group_id":${id},%`])
      ).map((r: { type: string }) => r.type);
      assert.deepEqual(types, ['group.created', 'group.renamed', 'group.member_added', 'group.member_removed', 'group.deleted']);
    });

    it('works from the pages: a bad name is shown beside the form', async () => {
      const bad = await staff.client.submit('/admin/groups/', { name: 'no spaces allowed' });
      assert.equal(bad.status, 400);
      assert.match(htmlText(bad.text), /letters, digits/);
      const ok = await staff.client.submit('/admin/groups/', { name: uniqueName('page') });
      assert.equal(ok.status, 303);
      assert.match(ok.location ?? '', /^\/admin\/groups\/\d+\/$/);
    });
  });

  describe('applications', () => {
    it('lists every application with its owner; disabling refuses the client and its tokens on both instances at once', async () => {
      const owner = await seedOAuthUser(t, 'appowner');
      const app = await seedApp(t, owner.id, { grantTypes: ['authorization_code', 'client_credentials'], scopes: ['read'] });
      const list = (await staff.call('GET', `/admin/applications/?q=${app.clientId}`)).json();
      assert.equal(list.total, 1);
      assert.deepEqual(list.items[0].owner, { id: owner.id, username: owner.username });
      const token = (await clientCredentials(t, app)).json.access_token as string;
      const user = await seedOAuthUser(t, 'appuser');
      const userBrowser = await signIn(t, user.username);
      const userToken = { access: (await codeFlowTokens(t, userBrowser, app)).json.access_token as string, browser: userBrowser };

      const res = await staff.call('POST', `/admin/applications/${app.id}/disable/`);
      assert.equal(res.status, 200);
      assert.equal(res.json().disabled, true);
      for (const instance of [t, second]) {
        assert.equal((await clientCredentials(instance, app)).status, 401);
        assert.equal((await bearerGet(instance.baseUrl, `/accounts/resource/user/${user.id}/`, userToken.access)).status, 401);
      }
      const page = await userToken.browser.get(authorizePath({ response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'read' }));
      assert.equal(page.status, 400);
      assert.match(htmlText(page.text), /disabled by the operator/);
      const [event] = await t.dataSource.query("SELECT * FROM audit_events WHERE type = 'app.disabled' AND client_id = ?", [app.clientId]);
      assert.equal(JSON.parse(event.details).by, staff.id);
      assert.ok(token);

      assert.equal((await staff.call('POST', `/admin/applications/${app.id}/enable/`)).json().disabled, false);
      assert.equal((await clientCredentials(second, app)).status, 200);
      assert.equal((await staff.call('POST', '/admin/applications/99999999/disable/')).status, 404);
      assert.equal((await staff.call('GET', `/admin/applications/${app.id}/`)).json().client_id, app.clientId);
    });

    it('marks a confidential application as a resource server and back; a bad value or a public client is refused', async () => {
      const owner = await seedOAuthUser(t, 'rsowner');
      const app = await seedApp(t, owner.id, { grantTypes: ['client_credentials'], redirectUris: [], scopes: ['read'] });
      const on = await staff.call('POST', `/admin/applications/${app.id}/resource_server/`, { resource_server: true });
      assert.equal(on.status, 200);
      assert.equal(on.json().resource_server, true);
      assert.equal((await staff.call('POST', `/admin/applications/${app.id}/resource_server/`, { resource_server: 'maybe' })).status, 400);
      assert.equal((await staff.call('POST', `/admin/applications/${app.id}/resource_server/`, {})).status, 400);
      assert.equal((await staff.call('GET', `/admin/applications/${app.id}/`)).json().resource_server, true);
      const off = await staff.client.submit(`/admin/applications/${app.id}/`, { resource_server: 'false' }, `/admin/applications/${app.id}/resource_server/`);
      assert.equal(off.status, 303);
      assert.equal((await staff.call('GET', `/admin/applications/${app.id}/`)).json().resource_server, false);
      const pub = await seedApp(t, owner.id, { clientType: 'public', tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code'], scopes: ['read'] });
      assert.equal((await staff.call('POST', `/admin/applications/${pub.id}/resource_server/`, { resource_server: true })).status, 400);
    });
  });

  describe('authorizations', () => {
    it('lists who authorized which application with their live tokens, and revokes one (tokens and consent)', async () => {
      const owner = await seedOAuthUser(t, 'aowner');
      const app = await seedApp(t, owner.id, { grantTypes: ['authorization_code', 'refresh_token'], scopes: ['read', 'profile'] });
      const user = await seedOAuthUser(t, 'auser');
      const browser = await signIn(t, user.username);
      const tokens = await codeFlowTokens(t, browser, app);
      const list = (await staff.call('GET', `/admin/authorizations/?user=${user.id}&application=${app.id}`)).json();
      assert.equal(list.total, 1);
      const [item] = list.items;
      assert.deepEqual(
        { user_id: item.user_id, application: item.application.client_id, scope: item.scope, live: item.live_access_tokens, families: item.refresh_families },
        { user_id: user.id, application: app.clientId, scope: 'read', live: 1, families: 1 },
      );
      assert.ok(item.created_at && item.last_used_at);
      assert.equal((await staff.call('GET', '/admin/authorizations/?user=abc')).status, 400);
      assert.equal((await staff.call('DELETE', `/admin/authorizations/${item.id}/`)).status, 204);
      assert.equal((await bearerGet(t.baseUrl, `/accounts/resource/user/${user.id}/`, tokens.json.access_token)).status, 401);
      assert.equal((await staff.call('GET', `/admin/authorizations/?user=${user.id}`)).json().total, 0);
      assert.equal(
        (
          await browser.get(
            authorizePath({
              response_type: 'code',
              client_id: app.clientId,
              redirect_uri: app.redirectUri,
              scope: 'read',
              code_challenge: pkcePair().challenge,
              code_challenge_method: 'S256',
            }),
          )
        ).status,
        200,
        'the consent page again',
      );
      assert.equal((await staff.call('DELETE', `/admin/authorizations/${item.id}/`)).status, 404);
      assert.equal((await events('consent.revoked', user.id)).length, 1);
    });
  });

  describe('audit view', () => {
    it('filters by type, user, client and time, newest first, and refuses a bad filter', async () => {
      const u: SeededUser = await seedUser(t, 'audited');
      await signedInClient(t, u);
      await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: u.username, password: 'wrong one' });
      const all = (await staff.call('GET', `/admin/audit/?user=${u.id}`)).json();
      assert.deepEqual(
        all.items.map((e: { type: string }) => e.type),
        ['user.login.failed', 'user.login.succeeded'],
      );
      const failed = (await staff.call('GET', `/admin/audit/?user=${u.id}&type=user.login.failed`)).json();
      assert.equal(failed.total, 1);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal((await staff.call('GET', `/admin/audit/?user=${u.id}&since=${today}`)).json().total, 2);
      assert.equal((await staff.call('GET', `/admin/audit/?user=${u.id}&until=2000-01-01`)).json().total, 0);
      for (const bad of ['type=nope', 'user=x', 'since=yesterday', 'until=2000-13-45', `client_id=${'x'.repeat(65)}`]) {
        assert.equal((await staff.call('GET', `/admin/audit/?${bad}`)).status, 400, bad);
      }
      const page = await staff.client.get(`/admin/audit/?user=${u.id}`);
      assert.match(htmlText(page.text), /Failed sign-in attempt from 127\.0\.0\.1/);
    });

    it('shows counts and recent events on the overview', async () => {
      const overview = (await staff.call('GET', '/admin/')).json();
      assert.ok(overview.counts.users >= 1 && overview.counts.staff >= 1);
      assert.ok(overview.recent_events.length > 0);
    });
  });

  it('npm run cli -- user:set-staff USERNAME makes the first operator', async () => {
    const u = await seedUser(t, 'first');
    const cli = async (...args: string[]) =>
      JSON.parse(
        (
          await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist/src/cli.js'), ...args], {
            env: { ...process.env, ...t.env, LOG_LEVEL: 'error' },
            timeout: 20_000,
          })
        ).stdout,
      );
    assert.deepEqual(await cli('user:set-staff', u.username), { id: u.id, username: u.username, is_staff: true });
    const client = await signedInClient(t, u);
    assert.equal((await client.get('/admin/')).status, 200);
    assert.equal((await cli('user:set-staff', u.username, '--off')).is_staff, false);
    await assert.rejects(cli('user:set-staff', 'nobody_by_that_name'), /no such user/);
  });
});
