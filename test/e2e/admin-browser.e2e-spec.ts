import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UsersService } from '../../src/accounts/users.service';
import { uniqueName } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { browserUnavailable, launchBrowser, shoot } from '../support/browser';
import { bearerGet, passwordToken } from '../support/management';
import { PASSWORD, seedApp, seedUser } from '../support/oauth';

const skip = browserUnavailable();

describe('operator console and sign-in sessions in a real browser (Chromium)', { skip }, () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const signedInPage = async (username: string, password: string, userAgent?: string): Promise<Page> => {
    const context = await browser.newContext(userAgent ? { userAgent } : {});
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/accounts/login/`);
    await page.fill('#f-username', username);
    await page.fill('#f-password', password);
    await Promise.all([page.waitForURL(/\/accounts\/profile\/$/), page.click('main button[type=submit]')]);
    return page;
  };

  before(async () => {
    t = await startApp();
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  it('staff finds a user, disables them, the client gets 401, and the event shows in the audit view', async () => {
    const staffName = uniqueName('op');
    await t
      .get<UsersService>(UsersService)
      .create({ username: staffName, email: `${staffName}@example.test`, password: PASSWORD, emailVerified: true, isStaff: true });
    const owner = await seedUser(t, 'owner');
    const app = await seedApp(t, owner.id, { grantTypes: ['password'], redirectUris: [], scopes: ['read'] });
    const victim = await seedUser(t, 'victim');
    const { access_token } = await passwordToken(t, app, victim.username, 'read');
    assert.equal((await bearerGet(t.baseUrl, `/accounts/resource/user/${victim.id}/`, access_token)).status, 200);

    const page = await signedInPage(staffName, PASSWORD);
    await Promise.all([page.waitForURL(/\/admin\/$/), page.click('nav a[href="/admin/"]')]);
    await shoot(page, 'admin-overview');
    await page.goto(`${t.baseUrl}/admin/users/`);
    await page.fill('#f-q', victim.username);
    await Promise.all([page.waitForURL(/\/admin\/users\/\?q=/), page.click('form[role=search] button')]);
    await shoot(page, 'admin-users-search');
    await Promise.all([page.waitForURL(/\/admin\/users\/\d+\/$/), page.click(`a:text("${victim.username}")`)]);
    await Promise.all([page.waitForURL(/\/admin\/users\/\d+\/$/), page.click('form[action$="/disable/"] button')]);
    assert.match((await page.textContent('main')) ?? '', /The account was disabled/);
    await shoot(page, 'admin-user-disabled');

    assert.equal((await bearerGet(t.baseUrl, `/accounts/resource/user/${victim.id}/`, access_token)).status, 401);

    await page.goto(`${t.baseUrl}/admin/audit/`);
    await page.selectOption('select[name=type]', 'user.disabled');
    await Promise.all([page.waitForURL(/\/admin\/audit\/\?type=user\.disabled/), page.click('main form button')]);
    assert.match((await page.textContent('main table')) ?? '', /Account disabled by an operator/);
    await shoot(page, 'admin-audit');
  });

  it('a user ends another of their sessions from the sessions page, and that browser is signed out', async () => {
    const name = uniqueName('mobile');
    await t.get<UsersService>(UsersService).create({ username: name, email: `${name}@example.test`, password: PASSWORD, emailVerified: true });
    const phone = await signedInPage(
      name,
      PASSWORD,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    );
    const laptop = await signedInPage(name, PASSWORD);

    await Promise.all([laptop.waitForURL(/\/accounts\/sessions\/$/), laptop.click('a[href="/accounts/sessions/"]')]);
    assert.match((await laptop.textContent('main')) ?? '', /Safari on iOS/);
    await shoot(laptop, 'accounts-sessions');
    await Promise.all([laptop.waitForURL(/\/accounts\/sessions\/$/), laptop.click('li.session:not(.current) form button')]);
    assert.match((await laptop.textContent('main')) ?? '', /The session was signed out/);
    assert.equal(await laptop.locator('li.session').count(), 1);

    await phone.goto(`${t.baseUrl}/accounts/profile/`);
    assert.match(phone.url(), /\/accounts\/login\//);
    await laptop.goto(`${t.baseUrl}/accounts/activity/`);
    assert.match((await laptop.textContent('main')) ?? '', /Signed-in session ended/);
    await shoot(laptop, 'accounts-activity');
  });
});
