import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { seedUser as seedAccount } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { htmlText, HttpClient } from '../support/http-client';
import { basic, postForm, seedApp, seedUser } from '../support/oauth';

/**
 * TRUST_PROXY decides which address a request comes from, and so whose failures the rate
 * limits count. Observed here through failed client authentication (two failures per client
 * and address block the third attempt).
 */
describe('TRUST_PROXY: the client address behind a proxy', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const t of apps) await t.close();
  });

  async function setUp(trustProxy?: string) {
    const t = await startApp({ CLIENT_AUTH_MAX_FAILURES: '2', ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }) });
    apps.push(t);
    const app = await seedApp(t, (await seedUser(t)).id);
    const attempt = (forwardedFor: string, secret = 'wrong') =>
      postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.clientId, secret), 'x-forwarded-for': forwardedFor });
    const failTwice = async (forwardedFor: string) => {
      for (let i = 0; i < 2; i++) assert.equal((await attempt(forwardedFor)).status, 401);
    };
    return { attempt, failTwice, secret: app.clientSecret! };
  }

  it('a hop count (1): the address the proxy appended counts, not one the client made up', async () => {
    const { attempt, failTwice, secret } = await setUp('1');
    await failTwice('198.51.100.1, 203.0.113.7');
    assert.equal((await attempt('203.0.113.7', secret)).status, 429, 'the same client address is blocked');
    assert.equal((await attempt('198.51.100.1, 203.0.113.8', secret)).status, 200, 'another client address behind the same proxy is not');
  });

  it('a list of proxy addresses: the nearest untrusted address counts', async () => {
    const { attempt, failTwice, secret } = await setUp('127.0.0.1');
    await failTwice('203.0.113.7');
    assert.equal((await attempt('203.0.113.7', secret)).status, 429);
    assert.equal((await attempt('203.0.113.8', secret)).status, 200);
  });

  it('unset: X-Forwarded-For is ignored, every request counts for the peer that sent it', async () => {
    const { attempt, failTwice, secret } = await setUp();
    await failTwice('203.0.113.7');
    assert.equal((await attempt('203.0.113.8', secret)).status, 429, 'a forged header does not escape the limit');
  });

  it('behind a TLS proxy with an https ISSUER and no TRUST_PROXY, the failing form says to set TRUST_PROXY; with it set, sign-in works', async () => {
    const viaProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
    const signIn = async (t: TestApp) => {
      const u = await seedAccount(t, 'proxied');
      return new HttpClient(t.baseUrl, viaProxy).submit('/accounts/login/', { username: u.username, password: u.password });
    };
    const untrusted = await startApp({ ISSUER: 'https://auth.example.test' });
    apps.push(untrusted);
    const refused = await signIn(untrusted);
    assert.equal(refused.status, 403);
    assert.match(htmlText(refused.text), /This form has expired/);
    assert.match(htmlText(refused.text), /TRUST_PROXY/, 'the page says what to set');
    const zh = await new HttpClient(untrusted.baseUrl, { ...viaProxy, 'accept-language': 'zh-CN' }).post('/accounts/login/', { username: 'x', password: 'y' });
    assert.match(htmlText(zh.text), /TRUST_PROXY/);

    const trusted = await startApp({ ISSUER: 'https://auth.example.test', TRUST_PROXY: '127.0.0.1' });
    apps.push(trusted);
    assert.equal((await signIn(trusted)).status, 303);
    const direct = await new HttpClient(trusted.baseUrl).post('/accounts/login/', { username: 'x', password: 'y' });
    assert.equal(direct.status, 403);
    assert.doesNotMatch(htmlText(direct.text), /TRUST_PROXY/, 'an ordinary expired form gets no proxy advice');
  });
});
