import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { csrfFrom, htmlText } from '../support/http-client';
import { apiUser, ApiUser } from '../support/management';

// The JSON API of the same routes: applications.e2e-spec.ts.
describe('applications: pages', () => {
  let t: TestApp;
  let carol: ApiUser;
  before(async () => {
    t = await startApp();
    carol = await apiUser(t, 'carol');
  });
  after(async () => t.close());

  it('the register form marks implicit and password as legacy and says why', async () => {
    const page = await carol.client.get('/oauth/applications/register/');
    assert.equal(page.status, 200);
    const html = htmlText(page.text);
    assert.match(html, /<legend>Grant types<\/legend>/);
    assert.match(html, /value="implicit"[^>]*>\s*<span><strong>Implicit<\/strong> <code>implicit<\/code> <span class="badge legacy">legacy/);
    assert.match(html, /value="password"[^>]*>\s*<span><strong>Resource owner password<\/strong> <code>password<\/code> <span class="badge legacy">legacy/);
    assert.match(html, /RFC 9700/);
    assert.match(html, /<meta name="csrf-token" content="[^"]+">/);
  });

  it('the form sets the token lifetimes, in both languages, and keeps a rejected value', async () => {
    const page = await carol.client.get('/oauth/applications/register/');
    assert.match(htmlText(page.text), /<label for="f-access_token_ttl">Access token lifetime \(seconds\)<\/label>/);
    const zh = await carol.client.request('GET', '/oauth/applications/register/', { headers: { 'accept-language': 'zh-CN' } });
    assert.match(htmlText(zh.text), /<label for="f-access_token_ttl">访问令牌有效期（秒）<\/label>/);
    const fields = (ttl: string) =>
      new URLSearchParams([
        ['_csrf', csrfFrom(page.text)],
        ['client_name', 'Short tokens'],
        ['client_type', 'confidential'],
        ['grant_types', 'client_credentials'],
        ['scope', 'read'],
        ['access_token_ttl', ttl],
        ['refresh_token_ttl', ''],
      ]);
    const rejected = await carol.client.post('/oauth/applications/register/', fields('999999'));
    assert.equal(rejected.status, 400);
    assert.match(htmlText(rejected.text), /id="f-access_token_ttl-error" role="alert">Use a whole number of seconds between 60 and 86400/);
    assert.match(rejected.text, /name="access_token_ttl" value="999999"/);
    const res = await carol.client.post('/oauth/applications/register/', fields('300'));
    assert.equal(res.status, 201);
    const app = (await carol.call('GET', '/oauth/applications/')).json().find((a: { client_name: string }) => a.client_name === 'Short tokens');
    assert.deepEqual([app.access_token_ttl, app.refresh_token_ttl], [300, null]);
    await carol.call('DELETE', `/oauth/applications/${app.id}/delete/`);
  });

  it('a rejected form comes back with messages beside the fields and the choices kept', async () => {
    const page = await carol.client.get('/oauth/applications/register/');
    const res = await carol.client.post(
      '/oauth/applications/register/',
      new URLSearchParams([
        ['_csrf', csrfFrom(page.text)],
        ['client_name', 'Kept name'],
        ['client_type', 'confidential'],
        ['grant_types', 'authorization_code'],
        ['grant_types', 'client_credentials'],
        ['redirect_uris', 'http://evil.example.com/cb'],
        ['scope', 'email'],
        ['scope', 'groups'],
      ]),
    );
    assert.equal(res.status, 400);
    const html = htmlText(res.text);
    assert.match(html, /id="f-redirect_uris-error" role="alert">Redirect URIs must use https/);
    assert.match(html, /aria-describedby="f-redirect_uris-help f-redirect_uris-error"/);
    assert.match(html, /value="Kept name"/);
    assert.match(html, />http:\/\/evil.example.com\/cb<\/textarea>/);
    assert.match(html, /value="client_credentials" checked/);
    assert.doesNotMatch(html, /value="refresh_token" checked/);
    assert.match(html, /value="groups" checked/);
    assert.doesNotMatch(html, /value="read" checked/);
    assert.equal((await carol.call('GET', '/oauth/applications/')).json().length, 0);
  });

  it('registering in the form shows the secret once, then the detail page never again', async () => {
    const page = await carol.client.get('/oauth/applications/register/');
    const res = await carol.client.post(
      '/oauth/applications/register/',
      new URLSearchParams([
        ['_csrf', csrfFrom(page.text)],
        ['client_name', 'Form app'],
        ['client_type', 'confidential'],
        ['token_endpoint_auth_method', ''],
        ['grant_types', 'authorization_code'],
        ['grant_types', 'refresh_token'],
        ['redirect_uris', 'https://form.example.com/cb\r\nhttp://localhost:3000/cb\r\n'],
        ['scope', 'read'],
      ]),
    );
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const secret = /id="client-secret">([^<]+)</.exec(res.text)?.[1];
    assert.ok(secret && secret.length >= 43);
    const [app] = (await carol.call('GET', '/oauth/applications/')).json();
    assert.deepEqual(app.redirect_uris, ['https://form.example.com/cb', 'http://localhost:3000/cb']);
    assert.equal(app.token_endpoint_auth_method, 'client_secret_basic');
    const detail = await carol.client.get(`/oauth/applications/${app.id}/`);
    assert.equal(detail.status, 200);
    assert.match(detail.text, /Form app/);
    assert.ok(!detail.text.includes(secret));
    assert.match(detail.text, /rotate_secret/);
  });

  it('edits through the HTML form (POST) and says so after the redirect', async () => {
    const [app] = (await carol.call('GET', '/oauth/applications/')).json();
    const form = await carol.client.get(`/oauth/applications/${app.id}/update/`);
    assert.equal(form.status, 200);
    assert.match(htmlText(form.text), /https:\/\/form.example.com\/cb\nhttp:\/\/localhost:3000\/cb<\/textarea>/);
    const res = await carol.client.post(
      `/oauth/applications/${app.id}/update/`,
      new URLSearchParams([
        ['_csrf', csrfFrom(form.text)],
        ['client_name', 'Form app v2'],
        ['token_endpoint_auth_method', 'client_secret_post'],
        ['grant_types', 'authorization_code'],
        ['redirect_uris', 'https://form.example.com/cb'],
        ['scope', 'read'],
        ['scope', 'profile'],
      ]),
    );
    assert.equal(res.status, 303, res.text);
    assert.equal(res.location, `/oauth/applications/${app.id}/`);
    const detail = await carol.client.get(res.location!);
    assert.match(detail.text, /Your changes were saved/);
    assert.match(detail.text, /Form app v2/);
    assert.match(detail.text, /client_secret_post/);
  });

  it('deletes through the confirmation page', async () => {
    const [app] = (await carol.call('GET', '/oauth/applications/')).json();
    const confirm = await carol.client.get(`/oauth/applications/${app.id}/delete/`);
    assert.equal(confirm.status, 200);
    assert.match(htmlText(confirm.text), /Delete “Form app v2”\?/);
    const res = await carol.client.post(`/oauth/applications/${app.id}/delete/`, { _csrf: csrfFrom(confirm.text) });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/oauth/applications/');
    const list = await carol.client.get('/oauth/applications/');
    assert.match(list.text, /The application was deleted/);
    assert.match(list.text, /You have not registered any application yet/);
  });

  it('pages exist in Simplified Chinese', async () => {
    const page = await carol.client.get('/oauth/applications/register/?lang=zh-CN');
    assert.match(page.text, /注册应用/);
    assert.match(page.text, /旧式/);
  });
});
