import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { User } from '../../src/accounts/user.entity';
import { UsersService } from '../../src/accounts/users.service';
import { startApp, TestApp } from '../support/app';
import { seedUser, signedInClient, uniqueName } from '../support/accounts';
import { htmlText, HttpClient } from '../support/http-client';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

describe('accounts: register, verify, sign in, reset (real SMTP)', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  const userCount = () => t.get<DataSource>(DataSource).getRepository(User).count();

  before(async () => {
    smtp = await new SmtpCatcher().start();
    t = await startApp({ SMTP_URL: smtp.url, LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  it('registers, receives the link, creates the account with it, signs in, sees the profile and signs out', async () => {
    const username = uniqueName('reg');
    const email = `${username}@Example.test`;
    const browser = new HttpClient(t.baseUrl);
    const res = await browser.submit('/accounts/register/', { username, email, password: 'a long passphrase 1', password2: 'a long passphrase 1' });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/accounts/register/done/');

    const mail = await smtp.waitFor(email);
    assert.match(mail.subject ?? '', /Finish creating your account/);
    assert.ok(mail.html, 'the mail has an HTML part');
    const link = linkIn(mail, `${t.baseUrl}/accounts/register/confirm/`).replace(t.baseUrl, '');
    const created = await browser.submit(link, {});
    assert.equal(created.status, 303);
    assert.equal(created.location, '/accounts/profile/');
    assert.match(htmlText((await browser.get('/accounts/profile/')).text), new RegExp(`Welcome, ${username}! Your account is ready`));
    // The link is single-use.
    assert.equal((await new HttpClient(t.baseUrl).get(link)).status, 400);

    const client = await signedInClient(t, { username: username.toUpperCase(), password: 'a long passphrase 1' });
    const profile = await client.get('/accounts/profile/');
    assert.equal(profile.status, 200);
    assert.match(profile.text, new RegExp(username));
    assert.match(profile.text, /confirmed/);
    const json = await client.get('/accounts/profile/', { accept: 'application/json' });
    assert.deepEqual(Object.keys(json.json()).sort(), ['email', 'email_verified', 'id', 'username']);
    assert.equal(json.json().email_verified, true);

    const token = await client.csrfToken('/accounts/profile/');
    const out = await client.post('/accounts/logout/', { _csrf: token });
    assert.equal(out.status, 303);
    const afterLogout = await client.get('/accounts/profile/');
    assert.equal(afterLogout.status, 303);
    assert.match(afterLogout.location ?? '', /^\/accounts\/login\/\?next=/);
  });

  it('an account made unconfirmed (by an operator) confirms its address with a link sent from the profile, once', async () => {
    const username = uniqueName('unconfirmed');
    const email = `${username}@example.test`;
    await t.get<UsersService>(UsersService).create({ username, email, password: 'a long passphrase 2' });
    const client = await signedInClient(t, { username, password: 'a long passphrase 2' });
    assert.match((await client.get('/accounts/profile/')).text, /not confirmed/);
    const resent = await client.submit('/accounts/profile/', {}, '/accounts/verify_email/resend/');
    assert.equal(resent.status, 303);
    const link = linkIn(await smtp.waitFor(email), `${t.baseUrl}/accounts/verify_email/`).replace(t.baseUrl, '');
    const verified = await new HttpClient(t.baseUrl).get(link);
    assert.equal(verified.status, 200);
    assert.match(verified.text, /your e-mail address is confirmed/);
    assert.equal((await new HttpClient(t.baseUrl).get(link)).status, 400);
    assert.equal((await client.get('/accounts/profile/', { accept: 'application/json' })).json().email_verified, true);
  });

  it('signs in by e-mail in any letter case and follows a same-origin next', async () => {
    const u = await seedUser(t);
    const client = new HttpClient(t.baseUrl);
    const res = await client.submit(
      '/accounts/login/?next=/oauth/applications/',
      {
        username: u.email.toUpperCase(),
        password: u.password,
        next: '/oauth/applications/',
      },
      '/accounts/login/',
    );
    assert.equal(res.status, 303);
    assert.equal(res.location, '/oauth/applications/');
  });

  it('never follows next to another origin', async () => {
    const u = await seedUser(t);
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const res = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: u.username, password: u.password, next });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/accounts/profile/', next);
    }
  });

  it('resets a forgotten password through the mailed link, once, and ends the other sessions', async () => {
    const u = await seedUser(t, 'reset');
    const other = await signedInClient(t, u);
    assert.equal((await other.get('/accounts/profile/')).status, 200);

    const res = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/accounts/password_reset/done/');
    const mail = await smtp.waitFor(u.email);
    assert.match(mail.subject ?? '', /Reset your password/);
    const path = linkIn(mail, `${t.baseUrl}/accounts/reset/`).replace(t.baseUrl, '');

    const c = new HttpClient(t.baseUrl);
    const mismatch = await c.submit(path, { new_password1: 'brand new secret 1', new_password2: 'brand new secret 2' });
    assert.equal(mismatch.status, 400);
    assert.match(htmlText(mismatch.text), /do not match/);
    const done = await c.submit(path, { new_password1: 'brand new secret 1', new_password2: 'brand new secret 1' });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/accounts/reset/done/');

    // The link works once.
    const again = await new HttpClient(t.baseUrl).get(path);
    assert.equal(again.status, 400);
    assert.match(htmlText(again.text), /not valid, has already been used, or has expired/);
    // The other session is gone; the old password fails, the new one works.
    assert.equal((await other.get('/accounts/profile/')).status, 303);
    const old = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: u.username, password: u.password });
    assert.equal(old.status, 401);
    await signedInClient(t, { username: u.username, password: 'brand new secret 1' });
  });

  it('answers an unknown address exactly like a known one and sends nothing', async () => {
    const u = await seedUser(t, 'known');
    const known = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    const unknown = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: `${uniqueName('nobody')}@example.test` });
    assert.equal(unknown.status, known.status);
    assert.equal(unknown.location, known.location);
    await smtp.waitFor(u.email);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.mails.length, 0, 'no mail for the unknown address');
  });

  it('changes the password on the profile page and ends the other sessions only', async () => {
    const u = await seedUser(t, 'chg');
    const here = await signedInClient(t, u);
    const elsewhere = await signedInClient(t, u);
    const wrong = await here.submit('/accounts/profile/', {
      current_password: 'nope',
      new_password1: 'another fine secret',
      new_password2: 'another fine secret',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /current password is not correct/);
    const ok = await here.submit('/accounts/profile/', {
      current_password: u.password,
      new_password1: 'another fine secret',
      new_password2: 'another fine secret',
    });
    assert.equal(ok.status, 303);
    assert.equal((await here.get('/accounts/profile/')).status, 200);
    assert.equal((await elsewhere.get('/accounts/profile/')).status, 303);
  });

  it('limits failed sign-ins per account with a clear message, while successes are never limited', async () => {
    const u = await seedUser(t, 'limit');
    for (let i = 0; i < 12; i++) await signedInClient(t, u);
    for (let i = 0; i < 3; i++) {
      assert.equal((await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: u.username, password: 'wrong' })).status, 401);
    }
    const blocked = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: u.username, password: u.password });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.match(htmlText(blocked.text), /Too many failed sign-ins/);
  });

  it('a mail server that refuses makes registration fail with a clear message and creates nothing', async () => {
    const before = await userCount();
    smtp.refuse = true;
    try {
      const username = uniqueName('nomail');
      const res = await new HttpClient(t.baseUrl).submit('/accounts/register/', {
        username,
        email: `${username}@example.test`,
        password: 'a long passphrase 1',
        password2: 'a long passphrase 1',
      });
      assert.equal(res.status, 503);
      assert.match(htmlText(res.text), /could not send the e-mail/);
      const reset = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: `${uniqueName('x')}@example.test` });
      assert.equal(reset.status, 503, 'the same answer for an unknown address');
    } finally {
      smtp.refuse = false;
    }
    assert.equal(await userCount(), before);
  });

  it('reset requests refused during a mail outage do not use up the hourly limit', async () => {
    const u = await seedUser(t, 'outage');
    smtp.refuse = true;
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal((await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email })).status, 503);
      }
    } finally {
      smtp.refuse = false;
    }
    const res = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    assert.equal(res.status, 303, 'the mail server is back: the request is served, not refused with 429');
    assert.ok(linkIn(await smtp.waitFor(u.email), `${t.baseUrl}/accounts/reset/`));
    for (let i = 0; i < 4; i++) await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    const sixth = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    assert.equal(sixth.status, 429, 'five mails sent: the budget is spent');
  });
});
