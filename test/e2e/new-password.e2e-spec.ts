import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CredentialsChangedHooks } from '../../src/accounts/credentials-changed.hooks';
import { SESSION_COOKIE } from '../../src/accounts/session.constants';
import { Consent } from '../../src/tokens/consent.entity';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { bearerGet, passwordToken } from '../support/management';
import { authorize, basic, PASSWORD, postForm, seedApp, SeededApp, seedUser, signIn } from '../support/oauth';
import { linkIn, SmtpCatcher } from '../support/smtp-catcher';

const NEW_PASSWORD = 'a brand new passphrase 7';

/**
 * A password reset or change ends what the old password gave out: every session (the current
 * one goes on under a new id) and every OAuth token. The consents stay.
 */
describe('a new password ends the sessions and the OAuth tokens of the old one', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let app: SeededApp;

  before(async () => {
    smtp = await new SmtpCatcher().start();
    t = await startApp({ SMTP_URL: smtp.url });
    const owner = await seedUser(t, 'owner');
    app = await seedApp(t, owner.id, { grantTypes: ['authorization_code', 'refresh_token', 'password'], scopes: ['read', 'profile'] });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const token = (fields: Record<string, string>) => postForm(t, '/oauth/token/', fields, { authorization: basic(app.clientId, app.clientSecret!) });
  const codeFor = async (browser: HttpClient) =>
    (await authorize(browser, { response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'read profile' })).params.code;
  const redeem = (code: string) => token({ grant_type: 'authorization_code', code, redirect_uri: app.redirectUri });
  const consents = (userId: number) => t.dataSource.getRepository(Consent).count({ where: { userId } });

  /** A signed-in user with a consent, tokens from the code flow and the password grant, and a code not yet redeemed. */
  async function userWithGrants() {
    const user = await seedUser(t, 'np');
    const browser = await signIn(t, user.username);
    const viaCode = (await redeem(await codeFor(browser))).json as { access_token: string; refresh_token: string };
    const viaPassword = await passwordToken(t, app, user.username, 'read profile');
    const pendingCode = await codeFor(browser);
    const alive = async () => {
      const results = [];
      for (const tok of [viaCode, viaPassword]) {
        results.push((await bearerGet(t.baseUrl, `/accounts/resource/user/${user.id}/`, tok.access_token)).status === 200);
      }
      return results;
    };
    return { user, browser, tokens: [viaCode, viaPassword] as const, pendingCode, alive };
  }

  async function assertRevoked(g: Awaited<ReturnType<typeof userWithGrants>>) {
    assert.deepEqual(await g.alive(), [false, false], 'the old access tokens are refused at once');
    for (const tok of g.tokens) {
      const res = await token({ grant_type: 'refresh_token', refresh_token: tok.refresh_token! });
      assert.equal(res.json.error, 'invalid_grant', 'the old refresh tokens mint nothing');
    }
    assert.equal((await redeem(g.pendingCode)).json.error, 'invalid_grant', 'a code issued before is dead too');
  }

  async function resetLink(email: string): Promise<string> {
    const waiting = smtp.waitFor(email);
    assert.equal((await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email })).status, 303);
    return linkIn(await waiting, `${t.baseUrl}/accounts/reset/`).replace(t.baseUrl, '');
  }

  const setNew = (client: HttpClient, path: string) => client.submit(path, { new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD });

  it("a password reset revokes the user's access and refresh tokens and unused codes; the consent stays", async () => {
    const g = await userWithGrants();
    const bystander = await userWithGrants();
    assert.deepEqual(await g.alive(), [true, true]);

    const done = await setNew(new HttpClient(t.baseUrl), await resetLink(`${g.user.username}@example.test`));
    assert.equal(done.status, 303);
    await assertRevoked(g);
    assert.deepEqual(await bystander.alive(), [true, true], "another user's tokens live on");

    assert.equal(await consents(g.user.id), 1, 'the consent stays');
    const again = await signIn(t, g.user.username).catch(() => null);
    assert.equal(again, null, 'the old password no longer signs in');
    const browser = new HttpClient(t.baseUrl);
    assert.equal((await browser.submit('/accounts/login/', { username: g.user.username, password: NEW_PASSWORD })).status, 303);
    assert.equal((await redeem(await codeFor(browser))).status, 200, 'the application gets new tokens without a new consent page');
  });

  it("a password change on the profile page revokes the user's tokens too", async () => {
    const g = await userWithGrants();
    const res = await g.browser.submit('/accounts/profile/', { current_password: PASSWORD, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD });
    assert.equal(res.status, 303);
    await assertRevoked(g);
    assert.equal(await consents(g.user.id), 1, 'the consent stays');
  });

  it('a password change gives the current session a new id and ends the others', async () => {
    const user = await seedUser(t, 'rot');
    const here = await signIn(t, user.username);
    const elsewhere = await signIn(t, user.username);
    const oldSid = here.cookies.get(SESSION_COOKIE)!;
    const stolen = new HttpClient(t.baseUrl);
    stolen.cookies.set(SESSION_COOKIE, oldSid);
    assert.equal((await stolen.get('/accounts/profile/')).status, 200, 'a copy of the cookie works before the change');

    const res = await here.submit('/accounts/profile/', { current_password: PASSWORD, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD });
    assert.equal(res.status, 303);
    assert.notEqual(here.cookies.get(SESSION_COOKIE), oldSid, 'the session id changed');
    const profile = await here.get('/accounts/profile/');
    assert.equal(profile.status, 200, 'the current browser stays signed in');
    assert.match(profile.text, /Your password has been changed/);
    assert.equal((await stolen.get('/accounts/profile/')).status, 303, 'the old session id names nothing');
    assert.equal((await elsewhere.get('/accounts/profile/')).status, 303, 'the other session ended');
  });

  it('a listener that fails leaves everything as it was: old password, link, sessions and tokens', async () => {
    const g = await userWithGrants();
    t.get<CredentialsChangedHooks>(CredentialsChangedHooks).register(async (userId) => {
      if (userId === g.user.id) throw new Error('listener down');
    });
    const path = await resetLink(`${g.user.username}@example.test`);
    assert.equal((await setNew(new HttpClient(t.baseUrl), path)).status, 500);

    assert.deepEqual(await g.alive(), [true, true], 'the tokens were not revoked');
    assert.equal((await g.browser.get('/accounts/profile/')).status, 200, 'the session was not ended');
    assert.equal((await new HttpClient(t.baseUrl).get(path)).status, 200, 'the link was not used up');
    await signIn(t, g.user.username);
  });
});
