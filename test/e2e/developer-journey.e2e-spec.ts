import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedUser, SeededUser } from '../support/accounts';
import { getFreePort, startApp, TestApp } from '../support/app';
import { artifactPath, browserUnavailable, launchBrowser, shoot } from '../support/browser';
import { bearerGet } from '../support/management';
import { basic, postForm } from '../support/oauth';

/** A minimal third-party client: its callback records the authorization response. */
async function startClient(): Promise<{ server: Server; redirectUri: string; nextCallback: () => Promise<URLSearchParams> }> {
  const port = await getFreePort();
  let waiter: ((q: URLSearchParams) => void) | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('signed in to the client');
    if (url.pathname === '/callback') waiter?.(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    redirectUri: `http://127.0.0.1:${port}/callback`,
    nextCallback: () => new Promise((resolve) => (waiter = resolve)),
  };
}

async function signInAs(page: Page, baseUrl: string, user: SeededUser, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.fill('#f-username', user.username);
  await page.fill('#f-password', user.password);
  await Promise.all([page.waitForLoadState('load'), page.click('form[action^="/accounts/login/"] button[type=submit]')]);
}

const skip = browserUnavailable();

describe('developer journey in a real browser', { skip }, () => {
  let t: TestApp;
  let browser: Browser;
  let client: Awaited<ReturnType<typeof startClient>>;
  before(async () => {
    t = await startApp();
    browser = await launchBrowser();
    client = await startClient();
  });
  after(async () => {
    await browser?.close();
    client?.server.close();
    await t?.close();
  });

  it('register an app, run the code flow with the copied secret, revoke the token, and the client gets 401', async () => {
    const developer = await seedUser(t, 'dev');
    const enduser = await seedUser(t, 'enduser');
    const devContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const dev = await devContext.newPage();
    const cspViolations: string[] = [];
    // Status errors (the refused form's 400, favicon 404) are expected; CSP refusals are not.
    dev.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && cspViolations.push(m.text()));

    // The developer registers an application; a first attempt with an http redirect URI is refused.
    await signInAs(dev, t.baseUrl, developer, '/oauth/applications/');
    await shoot(dev, 'applications-list-empty');
    await dev.click('a[href="/oauth/applications/register/"].button');
    await dev.fill('#f-client_name', 'Photo Printer');
    await dev.fill('#f-redirect_uris', 'http://printer.example.com/callback');
    await dev.check('input[name=scope][value=profile]');
    await dev.check('input[name=scope][value=email]');
    await dev.click('form[action="/oauth/applications/register/"] button[type=submit]');
    assert.match((await dev.textContent('#f-redirect_uris-error')) ?? '', /must use https/);
    assert.ok(await dev.isChecked('input[name=scope][value=email]'), 'choices kept');
    await shoot(dev, 'applications-register-errors');
    await dev.fill('#f-redirect_uris', client.redirectUri);
    await dev.click('form[action="/oauth/applications/register/"] button[type=submit]');
    const clientId = (await dev.textContent('#client-id'))!.trim();
    const clientSecret = (await dev.textContent('#client-secret'))!.trim();
    assert.ok(clientSecret.length >= 43);
    await shoot(dev, 'applications-secret-once');
    await dev.click('text=I have copied it');
    assert.match(dev.url(), /\/oauth\/applications\/\d+\/$/);
    assert.ok(!(await dev.content()).includes(clientSecret), 'the detail page never shows the secret');
    await shoot(dev, 'applications-detail');
    await dev.goto(`${t.baseUrl}/oauth/applications/`);
    await shoot(dev, 'applications-list');

    // The client sends the end user to the authorization endpoint (code flow with PKCE).
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const authorizeUrl = `${t.baseUrl}/oauth/authorize/?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: client.redirectUri,
      scope: 'read profile',
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })}`;
    const userContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const user = await userContext.newPage();
    await user.goto(authorizeUrl);
    assert.match(user.url(), /\/accounts\/login\//);
    await user.fill('#f-username', enduser.username);
    await user.fill('#f-password', enduser.password);
    await user.click('form[action^="/accounts/login/"] button[type=submit]');
    await user.waitForSelector('button[name=decision][value=allow]');
    await shoot(user, 'oauth-consent');
    assert.match(await user.content(), /Photo Printer/);
    const callback = client.nextCallback();
    await user.click('button[name=decision][value=allow]');
    const params = await callback;
    assert.equal(params.get('state'), state);
    assert.equal(params.get('iss'), t.baseUrl);

    // The client redeems the code with the secret the developer copied.
    const tokenRes = await postForm(
      t,
      '/oauth/token/',
      {
        grant_type: 'authorization_code',
        code: params.get('code')!,
        redirect_uri: client.redirectUri,
        code_verifier: verifier,
      },
      { authorization: basic(clientId, clientSecret) },
    );
    assert.equal(tokenRes.status, 200, tokenRes.text);
    const accessToken = tokenRes.json.access_token as string;
    const me = await bearerGet(t.baseUrl, `/accounts/resource/user/${enduser.id}/`, accessToken);
    assert.equal(me.status, 200);
    assert.equal(me.json.username, enduser.username);

    // The resource's HTML form, as a client would show it.
    const resourceContext = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${accessToken}` } });
    const resourcePage = await resourceContext.newPage();
    await resourcePage.goto(`${t.baseUrl}/accounts/resource/user/${enduser.id}.html`);
    assert.match((await resourcePage.textContent('h1')) ?? '', new RegExp(enduser.username));
    await shoot(resourcePage, 'resource-user-html');
    await resourceContext.close();

    // The user finds the token on the authorized-tokens page and revokes it there.
    await user.goto(`${t.baseUrl}/oauth/authorized_tokens/`);
    assert.match((await user.textContent('main')) ?? '', /Photo Printer/);
    assert.match((await user.textContent('main table')) ?? '', /read/);
    await shoot(user, 'authorized-tokens');
    await user.click('main table a:has-text("Revoke")');
    await shoot(user, 'authorized-tokens-revoke-confirm');
    await user.click('form[action$="/delete/"] button.danger');
    assert.match((await user.textContent('main')) ?? '', /The token was revoked/);
    await shoot(user, 'authorized-tokens-after-revoke');

    // The client's next call is refused.
    const afterRevoke = await bearerGet(t.baseUrl, `/accounts/resource/user/${enduser.id}/`, accessToken);
    assert.equal(afterRevoke.status, 401);
    assert.match(afterRevoke.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.deepEqual(cspViolations, [], 'no CSP violations or script errors on the pages');
    await devContext.close();
    await userContext.close();
  });

  it('the API documentation renders under its own CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource.*404/.test(m.text()) && errors.push(m.text()));
    await page.goto(`${t.baseUrl}/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 15_000 });
    assert.match((await page.textContent('.swagger-ui')) ?? '', /\/accounts\/resource\/user\/\{pk\}/);
    assert.match((await page.textContent('body')) ?? '', /auth-center API/);
    await page.screenshot({ path: artifactPath('openapi-docs.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
