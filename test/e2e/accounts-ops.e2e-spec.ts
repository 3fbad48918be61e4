import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { seedUser, signedInClient, uniqueName } from '../support/accounts';
import { htmlText, HttpClient } from '../support/http-client';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

describe('accounts: restarts, languages and the mail outbox', () => {
  const dataDir = makeDataDir();
  let t: TestApp | undefined;
  after(async () => {
    await t?.close();
    removeDataDir(dataDir);
  });

  it('a session and the data survive a restart of the app', async () => {
    t = await startApp({}, dataDir);
    const u = await seedUser(t, 'restart');
    const client = await signedInClient(t, u);
    await t.close();
    t = await startApp({}, dataDir);
    const c2 = new HttpClient(t.baseUrl);
    for (const [k, v] of client.cookies) c2.cookies.set(k, v);
    const profile = await c2.get('/accounts/profile/');
    assert.equal(profile.status, 200);
    assert.match(profile.text, new RegExp(u.username));
  });

  it('without SMTP_URL a reset mail lands in the outbox as an .eml file with a working link', async () => {
    t ??= await startApp({}, dataDir);
    const u = await seedUser(t, 'outbox');
    const res = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: u.email });
    assert.equal(res.status, 303);
    const outbox = join(dataDir, 'outbox');
    // The mail is written after the answer (its timing must not tell that the address is known).
    const mailTo = () =>
      existsSync(outbox)
        ? readdirSync(outbox)
            .map((f) => readFileSync(join(outbox, f), 'utf8'))
            .find((m) => m.includes(u.email))
        : undefined;
    for (let i = 0; i < 50 && !mailTo(); i++) await new Promise((r) => setTimeout(r, 100));
    const file = mailTo();
    assert.ok(file, 'an .eml file addressed to the user');
    assert.match(file!, /Subject: Reset your password/);
    assert.match(file!, new RegExp(`${t.baseUrl}/accounts/reset/`));
  });

  it('pages follow Accept-Language, and the switcher (?lang=) wins and is remembered', async () => {
    t ??= await startApp({}, dataDir);
    const zh = new HttpClient(t.baseUrl, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    const reg = await zh.get('/accounts/register/');
    assert.match(reg.text, /<html lang="zh-CN">/);
    assert.match(reg.text, /注册账号/);
    const reset = await zh.get('/accounts/password_reset/');
    assert.match(reset.text, /重置密码/);
    const en = await zh.get('/accounts/register/?lang=en');
    assert.match(en.text, /Create your account/);
    assert.match((await zh.get('/accounts/password_reset/')).text, /Reset your password/, 'the cookie keeps English');
    const bad = await zh.submit('/accounts/register/?lang=zh-CN', { username: '', email: 'x', password: '1', password2: '2' }, '/accounts/register/');
    assert.equal(bad.status, 400);
    assert.match(htmlText(bad.text), /请输入有效的电子邮箱地址/);
  });

  it('the reset mail is written in the reader language', async () => {
    const smtp = await new SmtpCatcher().start();
    const app = await startApp({ SMTP_URL: smtp.url });
    try {
      const u = await seedUser(app, 'zhmail');
      const zh = new HttpClient(app.baseUrl, { 'accept-language': 'zh-CN' });
      await zh.submit('/accounts/password_reset/', { email: u.email });
      const mail = await smtp.waitFor(u.email);
      assert.equal(mail.subject, '重置您的密码');
      assert.match(mail.text ?? '', /请打开以下链接设置新密码/);
      assert.match(linkIn(mail, `${app.baseUrl}/accounts/reset/`), /\/accounts\/reset\/[^/]+\/[^/]+\/$/);
      const en = new HttpClient(app.baseUrl, { 'accept-language': 'en-US' });
      const u2 = await seedUser(app, 'enmail');
      await en.submit('/accounts/password_reset/', { email: u2.email });
      assert.equal((await smtp.waitFor(u2.email)).subject, 'Reset your password');
    } finally {
      await app.close();
      await smtp.stop();
    }
  });

  it('the register page has labels for every input and works without JavaScript', async () => {
    t ??= await startApp({}, dataDir);
    const page = (await new HttpClient(t.baseUrl).get('/accounts/register/')).text;
    assert.doesNotMatch(page, /<script/);
    for (const id of ['f-username', 'f-email', 'f-password', 'f-password2']) assert.match(page, new RegExp(`<label for="${id}">`));
    assert.ok(uniqueName());
  });
});
