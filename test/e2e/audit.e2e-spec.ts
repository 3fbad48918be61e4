import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { UsersService } from '../../src/accounts/users.service';
import { AuditService } from '../../src/audit/audit.service';
import { HousekeepingService } from '../../src/housekeeping/housekeeping.service';
import { startApp, TestApp } from '../support/app';
import { seedUser, signedInClient, uniqueName } from '../support/accounts';
import { HttpClient } from '../support/http-client';
import { passwordToken } from '../support/management';
import { clientCredentials, seedApp, seedUser as seedOAuthUser } from '../support/oauth';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

interface Row {
  id: number;
  type: string;
  user_id: number | null;
  client_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
}

const AGENT = 'audit-test-agent/1.0';

describe('audit log: the events of an account (CONTRACT §8)', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  const rows = (userId: number) => t.dataSource.query('SELECT * FROM audit_events WHERE user_id = ? ORDER BY id', [userId]) as Promise<Row[]>;
  const typesOf = async (userId: number) => (await rows(userId)).map((r) => r.type);
  const allText = async () => JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));

  before(async () => {
    smtp = await new SmtpCatcher().start();
    t = await startApp({ SMTP_URL: smtp.url });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  it('records registration, e-mail confirmation, sign-ins (good and bad) and sign-out, with address and agent, never the password', async () => {
    const username = uniqueName('aud');
    const email = `${username}@example.test`;
    const password = 'a long passphrase 1';
    const browser = new HttpClient(t.baseUrl, { 'user-agent': AGENT });
    await browser.submit('/accounts/register/', { username, email, password, password2: password });
    const link = linkIn(await smtp.waitFor(email), `${t.baseUrl}/accounts/register/confirm/`).replace(t.baseUrl, '');
    assert.equal((await browser.submit(link, {})).status, 303);
    const id = (await browser.get('/accounts/profile/', { accept: 'application/json' })).json().id as number;

    const bad = await new HttpClient(t.baseUrl, { 'user-agent': AGENT }).submit('/accounts/login/', { username, password: 'wrong password 99' });
    assert.equal(bad.status, 401);
    const client = await signedInClient(t, { username, password });
    await client.post('/accounts/logout/', { _csrf: await client.csrfToken('/accounts/profile/') });

    assert.deepEqual(await typesOf(id), ['user.registered', 'user.login.failed', 'user.login.succeeded', 'user.logout']);
    const [registered, failed] = await rows(id);
    assert.equal(registered.ip, '127.0.0.1');
    assert.equal(registered.user_agent, AGENT);
    assert.deepEqual(JSON.parse(failed.details), { reason: 'invalid' });
    const text = await allText();
    assert.ok(!text.includes(password) && !text.includes('wrong password 99'), 'no password in any event');
  });

  it('records a confirmed e-mail address', async () => {
    const username = uniqueName('verify');
    const email = `${username}@example.test`;
    const password = 'a long passphrase 2';
    const user = await t.get<UsersService>(UsersService).create({ username, email, password });
    const client = await signedInClient(t, { username, password });
    await client.submit('/accounts/profile/', {}, '/accounts/verify_email/resend/');
    const link = linkIn(await smtp.waitFor(email), `${t.baseUrl}/accounts/verify_email/`);
    const token = link.split('/').filter(Boolean).pop()!;
    assert.equal((await new HttpClient(t.baseUrl).get(link.replace(t.baseUrl, ''))).status, 200);
    assert.ok((await typesOf(user.id)).includes('user.email.verified'));
    assert.ok(!(await allText()).includes(token), 'no link token in any event');
  });

  it('records a password change, a reset request and a completed reset', async () => {
    const u = await seedUser(t);
    const client = await signedInClient(t, u);
    const changed = await client.submit('/accounts/profile/', {
      current_password: u.password,
      new_password1: 'another long secret 3',
      new_password2: 'another long secret 3',
    });
    assert.equal(changed.status, 303);
    await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    const path = linkIn(await smtp.waitFor(u.email), `${t.baseUrl}/accounts/reset/`).replace(t.baseUrl, '');
    const done = await new HttpClient(t.baseUrl).submit(path, { new_password1: 'brand new secret 4', new_password2: 'brand new secret 4' });
    assert.equal(done.status, 303);
    assert.deepEqual(await typesOf(u.id), ['user.login.succeeded', 'user.password.changed', 'user.password_reset.requested', 'user.password_reset.completed']);
  });

  it('records nothing when the change fails: a wrong current password changes nothing', async () => {
    const u = await seedUser(t);
    const client = await signedInClient(t, u);
    const res = await client.submit('/accounts/profile/', {
      current_password: 'not it at all',
      new_password1: 'another long secret 5',
      new_password2: 'another long secret 5',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await typesOf(u.id), ['user.login.succeeded']);
  });

  it('writes no row for a successful token request or bearer call', async () => {
    const owner = await seedOAuthUser(t, 'owner');
    const app = await seedApp(t, owner.id, { grantTypes: ['password', 'client_credentials'], redirectUris: [], scopes: ['read'] });
    const before = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_events'))[0].n);
    assert.equal((await clientCredentials(t, app)).status, 200);
    const { access_token } = await passwordToken(t, app, owner.username, 'read');
    const res = await fetch(`${t.baseUrl}/accounts/resource/user/${owner.id}/`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.equal(res.status, 200);
    assert.equal(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_events'))[0].n), before);
  });

  it('shows the user their own security events at /accounts/activity/, newest first, with paging', async () => {
    const u = await seedUser(t);
    await signedInClient(t, u);
    const client = await signedInClient(t, u);
    const page = await client.get('/accounts/activity/?per_page=1', { accept: 'application/json' });
    assert.equal(page.status, 200);
    const body = page.json<{ items: Array<{ type: string; user_id: number; ip: string; at: string }>; total: number }>();
    assert.equal(body.total, 2);
    assert.equal(body.items.length, 1);
    assert.deepEqual(Object.keys(body.items[0]).sort(), ['at', 'client_id', 'details', 'id', 'ip', 'type', 'user_agent', 'user_id']);
    assert.equal(body.items[0].type, 'user.login.succeeded');
    assert.match((await client.get('/accounts/activity/')).text, /New sign-in from 127\.0\.0\.1/);
    assert.equal((await client.get('/accounts/activity/?page=0', { accept: 'application/json' })).status, 400);
    const other = await seedUser(t);
    const otherClient = await signedInClient(t, other);
    assert.equal((await otherClient.get('/accounts/activity/', { accept: 'application/json' })).json().total, 1);
  });

  it('deletes events older than AUDIT_RETENTION_DAYS in the cleanup job', async () => {
    const u = await seedUser(t);
    await t.get<AuditService>(AuditService).record({ ip: null, userAgent: null }, { type: 'user.logout', userId: u.id });
    const old = new Date(Date.now() - 366 * 24 * 3600 * 1000);
    await t.dataSource.createQueryBuilder().update('audit_events').set({ at: old }).where('user_id = :id', { id: u.id }).execute();
    await t.get<AuditService>(AuditService).record({ ip: null, userAgent: null }, { type: 'user.logout', userId: u.id });
    const counts = await t.get<HousekeepingService>(HousekeepingService).cleanup();
    assert.ok(counts.audit_events >= 1);
    assert.equal((await rows(u.id)).length, 1);
  });
});
