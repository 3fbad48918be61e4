import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { seedUser, SeededUser, uniqueName } from '../support/accounts';
import { startApp, TestApp, usingMysql } from '../support/app';
import { HttpClient } from '../support/http-client';
import { basic, postForm, seedApp, SeededApp } from '../support/oauth';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

const NEW_PASSWORD = 'a brand new passphrase 9';

/**
 * Failed sign-ins slow the attacker down, not the account's owner (README, "Sign-in
 * throttling"). The defaults: 5 failures per (account, address) and 50 per address block that
 * address; 5 per account, from every address together, block only the addresses that failed on
 * it. Each request comes from the address its X-Forwarded-For names (TRUST_PROXY).
 */
describe('sign-in throttling: the attacker waits, not the owner', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let app: SeededApp;
  let last = 0;
  /** An address no earlier request came from. */
  const fresh = () => `2001:db8::${(++last).toString(16)}`;
  const from = (address: string) => new HttpClient(t.baseUrl, { 'x-forwarded-for': address });
  const page = (address: string, login: string, password: string) => from(address).submit('/accounts/login/', { username: login, password });
  const grant = (address: string, username: string, password: string) =>
    postForm(
      t,
      '/oauth/token/',
      { grant_type: 'password', username, password },
      { authorization: basic(app.clientId, app.clientSecret!), 'x-forwarded-for': address },
    );

  before(async () => {
    smtp = await new SmtpCatcher().start();
    t = await startApp({ TRUST_PROXY: '127.0.0.1', SMTP_URL: smtp.url });
    app = await seedApp(t, (await seedUser(t, 'owner')).id, { grantTypes: ['password'], redirectUris: [] });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  async function failEach(addresses: string[], user: SeededUser, login = user.username): Promise<void> {
    for (const address of addresses) assert.equal((await page(address, login, 'a wrong guess')).status, 401);
  }

  async function resetMails(email: string): Promise<number> {
    let count = 0;
    while (
      await smtp.waitFor(email, 1500).then(
        () => true,
        () => false,
      )
    )
      count++;
    return count;
  }

  it("five wrong passwords from one address block that address, not the owner's right password from another", async () => {
    const u = await seedUser(t, 'lock');
    const attacker = fresh();
    await failEach([attacker, attacker, attacker, attacker, attacker], u);
    assert.equal((await page(attacker, u.username, u.password)).status, 429, "the attacker's address waits, even with the right password");
    assert.equal((await page(fresh(), u.username, u.password)).status, 303, 'the owner signs in from another address');
    assert.equal((await grant(fresh(), u.username, u.password)).status, 200, 'and so does an application with the password grant');
  });

  it("over the account's limit, an address that failed on it waits and a fresh address gets one try", async () => {
    const u = await seedUser(t, 'slow');
    const bots = [fresh(), fresh(), fresh(), fresh(), fresh()];
    await failEach(bots, u);
    const blocked = await page(bots[0], u.username, u.password);
    assert.equal(blocked.status, 429, 'an address that guessed waits, even with the right password');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    const newcomer = fresh();
    assert.equal((await page(newcomer, u.username, 'one more guess')).status, 401, 'a fresh address gets its try');
    assert.equal((await page(newcomer, u.username, u.password)).status, 429, 'and then waits too');
    assert.equal((await page(fresh(), u.username, u.password)).status, 303, "the owner's right password from an address with no failure passes");
  });

  it("the account's budget is one whatever names it: username, e-mail, letter case, the password grant", async () => {
    const u = await seedUser(t, 'names');
    const a = fresh();
    for (const login of [u.username, u.email, u.username.toUpperCase(), u.email.toUpperCase()]) {
      assert.equal((await page(a, login, 'a wrong guess')).status, 401, login);
    }
    assert.equal((await grant(a, u.username, 'a wrong guess')).json.error, 'invalid_grant');
    assert.equal((await page(a, u.email, u.password)).status, 429, 'the fifth failure, whatever the name, blocked the address');
    assert.equal((await grant(a, u.username, u.password)).status, 429);
  });

  it('an unknown name is throttled as a known one: its spellings share one budget', async () => {
    const ghost = uniqueName('ghöst');
    const a = fresh();
    for (const spelling of [ghost, ghost.toUpperCase(), ghost.normalize('NFD'), ghost.replace('ö', 'o'), ghost.replace('ö', 'ō')]) {
      assert.equal((await page(a, spelling, 'a guess')).status, 401, spelling);
    }
    assert.equal((await page(a, ghost.replace('ö', 'ó'), 'a guess')).status, 429);
  });

  it("a completed reset clears the account's count: the owner who mistyped once signs in again", async () => {
    const u = await seedUser(t, 'rst');
    const home = fresh();
    await failEach([home, fresh(), fresh(), fresh(), fresh()], u);
    assert.equal((await page(home, u.username, u.password)).status, 429, "the owner's address failed once: while the account is over its limit, it waits");

    const mail = smtp.waitFor(u.email);
    assert.equal((await from(home).submit('/accounts/password_reset/', { email: u.email })).status, 303);
    const path = linkIn(await mail, `${t.baseUrl}/accounts/reset/`).replace(t.baseUrl, '');
    assert.equal((await from(home).submit(path, { new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD })).status, 303);
    assert.equal((await page(home, u.username, NEW_PASSWORD)).status, 303);
  });

  describe('on MariaDB, whose utf8mb4_unicode_ci finds an account by any accent variant of its names', () => {
    const skip = usingMysql() ? false : 'SQLite compares names byte for byte: no accent variant names an account there';
    const variants = (name: string) => ['í', 'ì', 'î', 'ï', 'ī', 'ĭ', 'į', 'ǐ'].map((accented) => name.replace('i', accented));

    it("accent variants of a username spend the account's one budget", { skip }, async () => {
      const u = await seedUser(t, 'mvictim');
      const bots = [fresh(), fresh(), fresh(), fresh(), fresh()];
      for (const [i, bot] of bots.entries()) assert.equal((await page(bot, variants(u.username)[i], 'a wrong guess')).status, 401);
      assert.equal((await page(bots[0], u.username, u.password)).status, 429, 'the account is over its limit: an address that guessed waits');
      assert.equal((await page(fresh(), variants(u.username)[6], u.password)).status, 303, 'the owner still signs in');
    });

    it("accent variants of an address share the account's reset-mail limit", { skip }, async () => {
      const u = await seedUser(t, 'mvictim');
      const statuses = [];
      for (const email of variants(u.email)) statuses.push((await from(fresh()).submit('/accounts/password_reset/', { email })).status);
      assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429, 429, 429]);
      assert.equal(await resetMails(u.email), 5, 'PASSWORD_RESET_MAX_PER_HOUR mails, not one budget per spelling');
    });
  });
});
