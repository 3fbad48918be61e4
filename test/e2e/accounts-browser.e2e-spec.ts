import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { uniqueName } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { browserUnavailable, launchBrowser, shoot } from '../support/browser';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

const skip = browserUnavailable();

describe('accounts in a real browser (Chromium)', { skip }, () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let browser: Browser;
  before(async () => {
    smtp = await new SmtpCatcher().start();
    t = await startApp({ SMTP_URL: smtp.url });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  it('registers, creates the account with the mailed link, signs out and in again, sees the profile, signs out', async () => {
    const page = await browser.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
    const username = uniqueName('web');
    const email = `${username}@example.test`;

    await page.goto(`${t.baseUrl}/accounts/register/`);
    await page.fill('#f-username', username);
    await page.fill('#f-email', email);
    await page.fill('#f-password', 'a long passphrase 1');
    await page.fill('#f-password2', 'a long passphrase 2');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
    assert.match((await page.textContent('#f-password2-error')) ?? '', /do not match/);
    await shoot(page, 'accounts-register-errors');
    assert.equal(await page.inputValue('#f-username'), username, 'the form keeps what was typed');

    await page.fill('#f-password', 'a long passphrase 1');
    await page.fill('#f-password2', 'a long passphrase 1');
    await Promise.all([page.waitForURL(/\/accounts\/register\/done\/$/), page.click('button[type=submit].primary')]);
    assert.match((await page.textContent('main')) ?? '', /Check your mail/);

    const link = linkIn(await smtp.waitFor(email), `${t.baseUrl}/accounts/register/confirm/`);
    await page.goto(link);
    assert.match((await page.textContent('main')) ?? '', new RegExp(`Create the account ${username} for ${email}`));
    await shoot(page, 'accounts-register-confirm');
    await Promise.all([page.waitForURL(/\/accounts\/profile\/$/), page.click('main button[type=submit]')]);
    assert.match((await page.textContent('main')) ?? '', new RegExp(`Welcome, ${username}`));

    await page.goto(`${t.baseUrl}/accounts/profile/`);
    await Promise.all([page.waitForURL(/\/accounts\/login\/$/), page.click('nav form[action="/accounts/logout/"] button')]);
    await page.fill('#f-username', email);
    await page.fill('#f-password', 'a long passphrase 1');
    await Promise.all([page.waitForURL(/\/accounts\/profile\/$/), page.click('main button[type=submit]')]);
    const profile = await page.textContent('main');
    assert.match(profile ?? '', new RegExp(username));
    assert.match(profile ?? '', /confirmed/);
    await shoot(page, 'accounts-profile');

    await page.goto(`${t.baseUrl}/accounts/profile/?lang=zh-CN`);
    assert.match((await page.textContent('h1')) ?? '', /个人资料/);
    await shoot(page, 'accounts-profile-zh');
    await page.goto(`${t.baseUrl}/accounts/profile/?lang=en`);

    await Promise.all([page.waitForURL(/\/accounts\/login\/$/), page.click('nav form[action="/accounts/logout/"] button')]);
    await page.goto(`${t.baseUrl}/accounts/profile/`);
    assert.match(page.url(), /\/accounts\/login\/\?next=%2Faccounts%2Fprofile%2F$/);
    await shoot(page, 'accounts-login');
    assert.deepEqual(cspErrors, [], 'no Content Security Policy violations');
  });
});
