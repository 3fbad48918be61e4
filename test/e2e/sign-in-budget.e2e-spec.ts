import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { seedUser } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { basic, postForm, seedApp, SeededApp } from '../support/oauth';

/**
 * The sign-in page and the password grant check credentials through one service with one
 * throttle: guesses through either count against the same budget.
 */
describe('sign-in budget: the sign-in page and the password grant share one throttle', () => {
  let t: TestApp;
  let app: SeededApp;
  before(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    const owner = await seedUser(t, 'budget');
    app = await seedApp(t, owner.id, { grantTypes: ['password', 'refresh_token'], redirectUris: [] });
  });
  after(async () => {
    await t.close();
  });

  const grant = (username: string, password: string) =>
    postForm(t, '/oauth/token/', { grant_type: 'password', username, password }, { authorization: basic(app.clientId, app.clientSecret!) });
  const page = (username: string, password: string) => new HttpClient(t.baseUrl).submit('/accounts/login/', { username, password });

  it("two wrong passwords through the grant and one on the page spend the account's three; both then refuse with a wait", async () => {
    const victim = await seedUser(t, 'budgetv');
    assert.equal((await grant(victim.username, 'wrong 1')).json.error, 'invalid_grant');
    assert.equal((await grant(victim.username, 'wrong 2')).json.error, 'invalid_grant');
    assert.equal((await page(victim.username, 'wrong 3')).status, 401);

    const onPage = await page(victim.username, victim.password);
    assert.equal(onPage.status, 429);
    assert.ok(Number(onPage.headers.get('retry-after')) > 0, 'Retry-After on the page');
    const throughGrant = await grant(victim.username, victim.password);
    assert.equal(throughGrant.status, 429);
    assert.equal(throughGrant.json.error, 'invalid_grant');
    assert.ok(Number(throughGrant.headers.get('retry-after')) > 0, 'Retry-After on the grant');
  });

  it('an over-long password is refused by both without spending the budget', async () => {
    const user = await seedUser(t, 'budgetl');
    const long = 'x'.repeat(2000);
    for (let i = 0; i < 4; i++) {
      assert.equal((await grant(user.username, long)).json.error, 'invalid_grant');
      assert.equal((await page(user.username, long)).status, 400);
    }
    assert.equal((await grant(user.username, user.password)).status, 200, 'the right password still works');
  });
});
