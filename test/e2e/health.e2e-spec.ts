import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';

describe('health and basics', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t.close();
  });

  it('GET /health reports the database as up', async () => {
    const res = await new HttpClient(t.baseUrl).get('/health', { accept: 'application/json' });
    assert.equal(res.status, 200);
    assert.equal(res.json().info.database.status, 'up');
  });

  it('answers both /accounts/login and /accounts/login/ directly, never by a redirect', async () => {
    const c = new HttpClient(t.baseUrl);
    assert.equal((await c.get('/accounts/login')).status, 200);
    assert.equal((await c.get('/accounts/login/')).status, 200);
  });

  it('an unknown page is a 404 page in the reader language, without a stack trace', async () => {
    const res = await new HttpClient(t.baseUrl).get('/no/such/page/', { 'accept-language': 'zh-CN,zh;q=0.9' });
    assert.equal(res.status, 404);
    assert.match(res.text, /页面不存在/);
    assert.doesNotMatch(res.text, /at .*\.js:\d+/);
  });

  it('pages cannot be framed and load nothing from third parties', async () => {
    const res = await new HttpClient(t.baseUrl).get('/accounts/login/');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.doesNotMatch(res.text, /https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('the sign-in page on the way to /oauth/authorize/ lets the form redirect on to the client', async () => {
    const c = new HttpClient(t.baseUrl);
    const plain = await c.get('/accounts/login/');
    assert.match(plain.headers.get('content-security-policy') ?? '', /form-action 'self'/);
    const toAuthorize = await c.get('/accounts/login/?next=%2Foauth%2Fauthorize%2F%3Fclient_id%3Dx');
    const csp = toAuthorize.headers.get('content-security-policy') ?? '';
    assert.doesNotMatch(csp, /form-action/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'none'/);
  });

  it('the OpenAPI document describes the token, authorize, revoke, introspect, sign-in and profile operations', async () => {
    const doc = (await new HttpClient(t.baseUrl).get('/docs-json')).json();
    for (const [path, method] of [
      ['/oauth/token/', 'post'],
      ['/oauth/authorize/', 'get'],
      ['/oauth/revoke_token/', 'post'],
      ['/oauth/introspect/', 'post'],
      ['/accounts/login/', 'post'],
      ['/accounts/profile/', 'get'],
    ]) {
      assert.ok(doc.paths[path]?.[method]?.summary, `${method.toUpperCase()} ${path}`);
    }
    assert.deepEqual(doc.paths['/oauth/token/'].post.requestBody.content['application/x-www-form-urlencoded'].schema.required, ['grant_type']);
    assert.ok(doc.components.securitySchemes.clientBasic, 'client authentication is described');
  });
});
