import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { seedUser, signedInClient } from '../support/accounts';
import { makeDataDir, removeDataDir, startApp, TestApp, testDatabaseUrl, usingMysql } from '../support/app';
import { HttpClient, htmlText } from '../support/http-client';
import { TcpProxy } from '../support/tcp-proxy';

/** Links a page offers: every href and form action. */
const linksOf = (html: string) =>
  [...html.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => htmlText(m[1])).filter((link) => link !== 'data:,' && !link.startsWith('#'));

describe('requests an attacker would send: the server answers each, and stays up', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES_PER_IP: '2' });
  });
  after(async () => {
    await t.close();
  });

  it('sign-in with a non-ASCII `next` redirects to its percent-encoded form, and the server stays up', async () => {
    const user = await seedUser(t);
    for (const [next, location] of [
      ['/中文', '/%E4%B8%AD%E6%96%87'],
      ['/café?q=é#frag', '/caf%C3%A9?q=%C3%A9#frag'],
      ['/a b/\u{1F600}', '/a%20b/%F0%9F%98%80'],
      ['/already%20encoded/', '/already%20encoded/'],
    ]) {
      const c = new HttpClient(t.baseUrl);
      const res = await c.submit('/accounts/login/', { username: user.username, password: user.password, next });
      assert.equal(res.status, 303, next);
      assert.equal(res.location, location, next);
      assert.equal((await c.get('/accounts/profile/')).status, 200, 'the session was saved');
    }
    assert.equal((await fetch(`${t.baseUrl}/health`)).status, 200);
  });

  it('`next` that leaves the site falls back to the profile, whatever its spelling', async () => {
    const user = await seedUser(t);
    for (const next of ['//evil.example/', '/\\evil.example', '/..//evil.example', '/%2F%2Fevil.example', 'https://evil.example/', '/\t/evil.example']) {
      const c = new HttpClient(t.baseUrl);
      const res = await c.submit('/accounts/login/', { username: user.username, password: user.password, next });
      assert.equal(res.status, 303, next);
      const location = res.location ?? '';
      assert.ok(location.startsWith('/') && !location.startsWith('//'), `${next} → ${location}`);
      assert.ok(new URL(location, t.baseUrl).origin === t.baseUrl, `${next} → ${location}`);
    }
  });

  it('a page reached by a scheme-relative path links only to this site; the language links keep the query', async () => {
    for (const path of ['//evil.example/login', '//evil.example/accounts/login/', '/\\evil.example/x', '///evil.example/']) {
      const res = await new HttpClient(t.baseUrl).get(path);
      const links = linksOf(res.text);
      assert.ok(links.length > 0, path);
      for (const link of links) assert.ok(link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\'), `${path}: ${link}`);
    }
    const page = await new HttpClient(t.baseUrl).get('/accounts/login/?next=%2Foauth%2Fapplications%2F');
    const links = linksOf(page.text);
    assert.ok(links.includes('/accounts/login/?next=%2Foauth%2Fapplications%2F&lang=zh-CN'), links.join(' '));
  });

  it('a JSON sign-in whose fields are not strings is a 4xx, never a 500 (found by the fuzzer)', async () => {
    const c = new HttpClient(t.baseUrl, { accept: 'application/json' });
    const token = await c.csrfToken();
    for (const [username, password] of [
      [true, 'x'],
      ['x', { $ne: '' }],
      [['a', 'b'], 'x'],
      [null, null],
      [42, 42],
    ]) {
      const res = await c.request('POST', '/accounts/login/', { json: { _csrf: token, username, password } });
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify([username, password])}: ${res.status} ${res.text.slice(0, 100)}`);
    }
  });

  it('JSON error labels say what happened: csrf_failed, rate_limited, validation_failed', async () => {
    const user = await seedUser(t);
    const c = await signedInClient(t, user);
    const noCsrf = await c.request('POST', '/oauth/applications/register/', { json: { client_name: 'x' }, headers: { accept: 'application/json' } });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.json().error, 'csrf_failed');

    const invalid = await c.request('POST', '/oauth/applications/register/', {
      json: { client_name: '' },
      headers: { accept: 'application/json', 'x-csrf-token': await c.csrfToken('/oauth/applications/') },
    });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json().error, 'validation_failed');

    const stranger = new HttpClient(t.baseUrl, { accept: 'application/json', 'x-forwarded-for': '203.0.113.9' });
    const token = await stranger.csrfToken();
    let last;
    for (let i = 0; i < 4; i++)
      last = await stranger.request('POST', '/accounts/login/', { json: { _csrf: token, username: user.username, password: 'wrong' } });
    assert.equal(last!.status, 429);
    assert.equal(last!.json().error, 'rate_limited');
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
  });
});

/**
 * The database goes away under a running server (MariaDB: a relay between them is cut, so the
 * application sees refused connections; SQLite: the data source is closed). Pages get the
 * HTML error page, APIs a generic JSON error, /health JSON with the database down; nothing
 * internal (host, port, driver message) leaves the process; all recovers when it is back.
 */
describe('a database outage', () => {
  const dataDir = makeDataDir();
  let t: TestApp;
  let proxy: TcpProxy | undefined;
  let signedIn: HttpClient;

  before(async () => {
    let overrides: Record<string, string> = {};
    if (usingMysql()) {
      const url = new URL(testDatabaseUrl(dataDir));
      proxy = await new TcpProxy(url.hostname, Number(url.port || 3306)).start();
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      overrides = { DATABASE_URL: url.toString() };
    }
    t = await startApp(overrides, dataDir);
    signedIn = await signedInClient(t, await seedUser(t));
    if (proxy) await proxy.cut();
    else await t.dataSource.destroy();
  });
  after(async () => {
    if (proxy) await proxy.restore();
    else if (!t.dataSource.isInitialized) await t.dataSource.initialize();
    await t.close();
    await proxy?.cut();
    removeDataDir(dataDir);
  });

  const internals = /ECONNREFUSED|127\.0\.0\.1:\d|3306|sqlite|QueryFailed|TypeORM|driver|connection|at .*\.js:\d+/i;
  const expectedStatus = () => (usingMysql() ? [503] : [500, 503]);

  it('a page that saves a session gets the HTML error page, nothing internal', async () => {
    const res = await new HttpClient(t.baseUrl).get('/accounts/login/');
    assert.ok(expectedStatus().includes(res.status), String(res.status));
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /<html/);
    assert.doesNotMatch(res.text, internals);
  });

  it('a signed-in page and a JSON call get a generic answer', async () => {
    const page = await signedIn.get('/accounts/profile/');
    assert.ok(expectedStatus().includes(page.status), String(page.status));
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.doesNotMatch(page.text, internals);
    const json = await signedIn.get('/accounts/profile/', { accept: 'application/json' });
    assert.ok(expectedStatus().includes(json.status), String(json.status));
    assert.doesNotMatch(json.text, internals);
    assert.ok(['server_error', 'service_unavailable'].includes(json.json().error), json.text);
    const token = await new HttpClient(t.baseUrl).post('/oauth/token/', { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
    assert.ok(token.status >= 500, String(token.status));
    assert.doesNotMatch(token.text, internals);
  });

  it('/health answers JSON with each check by default, the database down', async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as { status: string; error?: Record<string, { status: string }> };
    assert.equal(body.status, 'error');
    assert.equal(body.error?.database?.status, 'down');
    assert.doesNotMatch(JSON.stringify(body), /ECONNREFUSED|127\.0\.0\.1/);
  });
});
