import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startApp, TestApp } from '../support/app';

/**
 * Route policy is declared on the routes (common/web/route-policy.ts). A `?lang=` choice is
 * remembered in a cookie by the page hook only, so a Set-Cookie tells whether a route ran it.
 */
describe('route policy: sessions, CORS and CSP follow what each route declares', () => {
  let t: TestApp;
  const staticFile = readdirSync(join(PROJECT_ROOT, 'public')).find((f) => f.endsWith('.css'));

  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t.close();
  });

  const call = (path: string, init: RequestInit = {}) => fetch(`${t.baseUrl}${path}`, { redirect: 'manual', ...init });
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' };

  it('client-authenticated, bearer, discovery, health, static and docs routes load no session', async () => {
    const paths: Array<[string, RequestInit?]> = [
      ['/oauth/token/?lang=zh-CN', form],
      ['/oauth/revoke_token/?lang=zh-CN', form],
      ['/oauth/introspect/?lang=zh-CN', form],
      ['/oauth/jwks/?lang=zh-CN'],
      ['/.well-known/oauth-authorization-server?lang=zh-CN'],
      ['/accounts/resource/user/1/?lang=zh-CN'],
      ['/health?lang=zh-CN'],
      [`/static/${staticFile}?lang=zh-CN`],
      ['/docs?lang=zh-CN'],
      ['/docs-json?lang=zh-CN'],
    ];
    for (const [path, init] of paths) {
      const res = await call(path, init);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
      assert.equal(res.headers.get('set-cookie'), null, `${path} set a cookie`);
    }
  });

  it('pages, the authorization endpoint and unknown paths do load it', async () => {
    for (const path of ['/accounts/login/?lang=zh-CN', '/oauth/authorize/?lang=zh-CN', '/no/such/page?lang=zh-CN']) {
      const res = await call(path);
      assert.match(res.headers.get('set-cookie') ?? '', /lang=zh-CN/, path);
    }
  });

  it('CORS on the token, revocation, introspection, JWKS and metadata routes, preflights included; nowhere else', async () => {
    for (const path of ['/oauth/token/', '/oauth/revoke_token', '/oauth/introspect/', '/oauth/jwks/', '/.well-known/oauth-authorization-server']) {
      const pre = await call(path, { method: 'OPTIONS', headers: { origin: 'https://spa.example', 'access-control-request-method': 'POST' } });
      assert.equal(pre.status, 204, path);
      assert.equal(pre.headers.get('access-control-allow-origin'), '*', path);
      assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/, path);
      const res = await call(path, path.includes('jwks') || path.includes('well-known') ? {} : form);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', `${path} answer`);
    }
    for (const path of ['/oauth/authorize/', '/accounts/resource/user/1/', '/accounts/login/', '/health', '/oauth/applications/']) {
      const res = await call(path, { headers: { origin: 'https://spa.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), null, path);
      const pre = await call(path, { method: 'OPTIONS', headers: { origin: 'https://spa.example', 'access-control-request-method': 'GET' } });
      assert.equal(pre.headers.get('access-control-allow-origin'), null, `${path} preflight`);
      assert.notEqual(pre.status, 204, `${path} preflight`);
    }
  });

  it('a malformed body on an OAuth route is OAuth JSON; on a page it is not', async () => {
    const bad = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' };
    const token = await call('/oauth/token/', bad);
    assert.equal(token.status, 400);
    assert.equal(((await token.json()) as { error: string }).error, 'invalid_request');
    const page = await call('/accounts/login/', bad);
    assert.equal(page.status, 400);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });

  it('the docs and the sign-in page send their own CSP; other pages the strict default', async () => {
    const docs = await call('/docs');
    assert.match(docs.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const plain = await call('/accounts/login/');
    assert.match(plain.headers.get('content-security-policy') ?? '', /form-action 'self'/);
    const onTheWay = await call(`/accounts/login/?next=${encodeURIComponent('/oauth/authorize/?client_id=x')}`);
    assert.doesNotMatch(onTheWay.headers.get('content-security-policy') ?? '', /form-action/);
    assert.match(onTheWay.headers.get('content-security-policy') ?? '', /script-src 'none'/);
    const register = await call('/accounts/register/');
    assert.match(register.headers.get('content-security-policy') ?? '', /script-src 'none'/);
  });
});
