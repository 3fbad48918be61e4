import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { User } from '../../src/accounts/user.entity';
import { seedUser, signedInClient, uniqueName } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { htmlText, HttpClient, HttpResult } from '../support/http-client';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

const PASSWORD = 'a long passphrase 1';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('accounts: register and password reset do not tell whether an address has an account', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  const userCount = () => t.get<DataSource>(DataSource).getRepository(User).count();
  const pendingFor = async (email: string) =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM pending_registrations WHERE email_key = ?', [email.toLowerCase()]))[0].n);

  before(async () => {
    smtp = await new SmtpCatcher().start();
    t = await startApp({ SMTP_URL: smtp.url, PASSWORD_RESET_MAX_PER_HOUR: '100', REGISTER_MAX_PER_HOUR: '100' });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const fields = (email: string) => ({ username: uniqueName('enum'), email, password: PASSWORD, password2: PASSWORD });

  /** Times only the POST (the form page is fetched first, as a browser would). */
  async function timedPost(path: string, body: Record<string, string>): Promise<{ ms: number; res: HttpResult }> {
    const c = new HttpClient(t.baseUrl);
    const token = await c.csrfToken(path);
    const started = performance.now();
    const res = await c.post(path, { _csrf: token, ...body });
    return { ms: performance.now() - started, res };
  }

  it('registering with a known address answers exactly as with a new one, creates nothing and mails the owner', async () => {
    const owner = await seedUser(t, 'owner');
    const newcomer = `${uniqueName('new')}@example.test`;
    const before = await userCount();

    const known = await new HttpClient(t.baseUrl).submit('/accounts/register/', fields(owner.email.toUpperCase()));
    const fresh = await new HttpClient(t.baseUrl).submit('/accounts/register/', fields(newcomer));
    assert.equal(known.status, 303);
    assert.equal(known.status, fresh.status);
    assert.equal(known.location, '/accounts/register/done/');
    assert.equal(known.location, fresh.location);
    assert.equal(known.text, fresh.text);
    const done = await new HttpClient(t.baseUrl).get('/accounts/register/done/');
    assert.match(htmlText(done.text), /Check your mail/);

    // JSON callers get the same answer too.
    const json = async (email: string) => {
      const c = new HttpClient(t.baseUrl);
      const token = await c.csrfToken('/accounts/register/');
      return c.request('POST', '/accounts/register/', { json: fields(email), headers: { accept: 'application/json', 'x-csrf-token': token } });
    };
    const [knownJson, freshJson] = [await json(owner.email), await json(`${uniqueName('new')}@example.test`)];
    assert.equal(knownJson.status, 202);
    assert.equal(knownJson.status, freshJson.status);
    assert.deepEqual(knownJson.json(), freshJson.json());

    // The owner is told, in a mail of their own; no account and no pending registration was made for the address.
    const told = await smtp.waitFor(owner.email);
    assert.match(told.subject ?? '', /Someone tried to register with your e-mail address/);
    assert.match(told.text ?? '', new RegExp(`your account ${owner.username} already uses`));
    assert.ok((told.text ?? '').includes(`${t.baseUrl}/accounts/password_reset/`), 'a link to reset the password');
    await smtp.waitFor(owner.email);
    assert.equal(await pendingFor(owner.email), 0);
    const link = await smtp.waitFor(newcomer);
    assert.match(link.subject ?? '', /Finish creating your account/);
    // Nothing exists before the link is followed: no new user, and signing in with the new details fails alike.
    assert.equal(await userCount(), before);
    const signIn = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: newcomer, password: PASSWORD });
    assert.equal(signIn.status, 401);
  });

  it('the registration link asks first, then creates the verified account once and signs it in', async () => {
    const email = `${uniqueName('link')}@example.test`;
    const form = fields(email);
    const zh = new HttpClient(t.baseUrl);
    await zh.get('/accounts/register/?lang=zh-CN');
    await zh.submit('/accounts/register/', form);
    const mail = await smtp.waitFor(email);
    assert.match(mail.subject ?? '', /完成账号注册/);
    const path = linkIn(mail, `${t.baseUrl}/accounts/register/confirm/`).replace(t.baseUrl, '');
    const before = await userCount();

    const c = new HttpClient(t.baseUrl);
    const page = await c.get(path);
    assert.equal(page.status, 200);
    assert.match(htmlText(page.text), new RegExp(`Create the account ${form.username} for ${email}\\?`));
    assert.equal(await userCount(), before, 'opening the link (as a mail scanner would) creates nothing');

    const created = await c.submit(path, {});
    assert.equal(created.status, 303);
    assert.equal(created.location, '/accounts/profile/');
    const profile = await c.get('/accounts/profile/', { accept: 'application/json' });
    assert.deepEqual(profile.json(), { id: profile.json().id, username: form.username, email, email_verified: true });
    await signedInClient(t, { username: form.username, password: PASSWORD });

    const again = await new HttpClient(t.baseUrl).get(path);
    assert.equal(again.status, 400);
    assert.match(htmlText(again.text), /not valid, has already been used, or has expired/);
    assert.equal((await new HttpClient(t.baseUrl).submit(path, {}, path)).status, 400);
    assert.equal(await userCount(), before + 1);
  });

  it('a registration whose username was taken before its link was followed says so and creates nothing', async () => {
    const email = `${uniqueName('late')}@example.test`;
    const form = fields(email);
    await new HttpClient(t.baseUrl).submit('/accounts/register/', form);
    const path = linkIn(await smtp.waitFor(email), `${t.baseUrl}/accounts/register/confirm/`).replace(t.baseUrl, '');
    const other = `${uniqueName('first')}@example.test`;
    await new HttpClient(t.baseUrl).submit('/accounts/register/', { ...form, email: other });
    await new HttpClient(t.baseUrl).submit(linkIn(await smtp.waitFor(other), t.baseUrl).replace(t.baseUrl, ''), {});
    const before = await userCount();
    const late = await new HttpClient(t.baseUrl).submit(path, {});
    assert.equal(late.status, 409);
    assert.match(htmlText(late.text), /This username is already taken/);
    assert.equal(await userCount(), before);
  });

  it('registering takes as long for a known address as for a new one, with a slow mail server', async () => {
    const owners = await Promise.all(Array.from({ length: 5 }, () => seedUser(t, 'slowreg')));
    smtp.delayMs = 300;
    try {
      const known: number[] = [];
      const fresh: number[] = [];
      for (const owner of owners) {
        known.push((await timedPost('/accounts/register/', fields(owner.email))).ms);
        fresh.push((await timedPost('/accounts/register/', fields(`${uniqueName('slow')}@example.test`))).ms);
      }
      // Both send one mail before answering; an answer without a mail would be ~300 ms quicker.
      assert.ok(Math.abs(median(known) - median(fresh)) < 150, `known ${median(known)} ms, new ${median(fresh)} ms`);
    } finally {
      smtp.delayMs = 0;
    }
  });

  it('a reset for a known address answers as fast as for an unknown one, and the mail still arrives', async () => {
    const users = await Promise.all(Array.from({ length: 7 }, () => seedUser(t, 'slowreset')));
    smtp.delayMs = 300;
    try {
      const known: number[] = [];
      const unknown: number[] = [];
      for (const u of users) {
        const k = await timedPost('/accounts/password_reset/', { email: u.email });
        const n = await timedPost('/accounts/password_reset/', { email: `${uniqueName('nobody')}@example.test` });
        assert.equal(k.res.status, 303);
        assert.equal(n.res.status, 303);
        assert.equal(k.res.location, n.res.location);
        known.push(k.ms);
        unknown.push(n.ms);
      }
      // Awaiting the mail would add the server's 300 ms to every known address.
      assert.ok(median(known) - median(unknown) < 150, `known ${median(known)} ms, unknown ${median(unknown)} ms`);
      for (const u of users) assert.match((await smtp.waitFor(u.email)).subject ?? '', /Reset your password/);
    } finally {
      smtp.delayMs = 0;
    }
  });
});
