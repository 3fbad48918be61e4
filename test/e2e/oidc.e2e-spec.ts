import { strict as assert } from 'node:assert';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GroupsService } from '../../src/accounts/groups.service';
import { User } from '../../src/accounts/user.entity';
import { startApp, TestApp } from '../support/app';
import { csrfFrom, HttpClient } from '../support/http-client';
import { JwtCodec } from '../../src/tokens/keys/jwt-codec.service';
import { apiUser, validApp } from '../support/management';
import {
  authorize,
  authorizePath,
  basic,
  consentFields,
  PASSWORD,
  pkcePair,
  postForm,
  redirectParams,
  seedApp,
  SeededApp,
  seedUser,
  signIn,
  unique,
} from '../support/oauth';

type Claims = Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const part = (jwt: string, i: number): Claims => JSON.parse(Buffer.from(jwt.split('.')[i], 'base64url').toString());

describe('OpenID Connect', () => {
  let t: TestApp;
  let user: { id: number; username: string };
  let app: SeededApp;
  let browser: HttpClient;
  const base = (extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    state: 's1',
    scope: 'openid',
    ...extra,
  });

  /** The code flow up to the token response. */
  async function codeFlow(params: Record<string, string>, client = browser) {
    const { verifier, challenge } = pkcePair();
    const { params: answer } = await authorize(client, { ...params, code_challenge: challenge, code_challenge_method: 'S256' });
    assert.ok(answer.code, JSON.stringify(answer));
    return redeem(answer.code, verifier);
  }

  async function redeem(code: string, verifier: string) {
    const res = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: verifier },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(res.status, 200, res.text);
    return res.json as { access_token: string; id_token?: string; refresh_token?: string; scope: string };
  }

  /** Signature checked with the published JWKS (the key its kid names). */
  async function verifiedClaims(jwt: string): Promise<Claims> {
    const header = part(jwt, 0);
    const { keys } = (await (await fetch(`${t.baseUrl}/oauth/jwks/`)).json()) as { keys: Array<import('node:crypto').JsonWebKey & { kid: string }> };
    const jwk = keys.find((k) => k.kid === header.kid)!;
    const [h, p, s] = jwt.split('.');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const ok = verify('sha256', Buffer.from(`${h}.${p}`), header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, Buffer.from(s, 'base64url'));
    assert.ok(ok, 'signature');
    return part(jwt, 1);
  }

  before(async () => {
    t = await startApp();
    user = await seedUser(t);
    app = await seedApp(t, user.id, { grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'profile', 'email', 'groups', 'read'] });
    browser = await signIn(t, user.username);
  });
  after(async () => t.close());

  it('publishes OpenID discovery with what is true of the server, and keeps RFC 8414 metadata', async () => {
    const res = await fetch(`${t.baseUrl}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const doc = (await res.json()) as Claims;
    assert.equal(doc.issuer, t.baseUrl);
    assert.equal(doc.userinfo_endpoint, `${t.baseUrl}/oauth/userinfo/`);
    assert.equal(doc.jwks_uri, `${t.baseUrl}/oauth/jwks/`);
    assert.deepEqual(doc.subject_types_supported, ['public']);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['ES256']);
    assert.ok((doc.scopes_supported as string[]).includes('openid'));
    assert.deepEqual(doc.prompt_values_supported, ['none', 'login', 'consent']);
    assert.equal(doc.request_uri_parameter_supported, false);
    for (const claim of ['sub', 'auth_time', 'preferred_username', 'email', 'email_verified', 'groups'])
      assert.ok((doc.claims_supported as string[]).includes(claim), claim);
    const oauth = (await (await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Claims;
    assert.equal(oauth.issuer, doc.issuer);
    assert.equal(oauth.token_endpoint, doc.token_endpoint);
  });

  it('code flow with openid: a signed ID token with iss, sub, aud, exp, iat, auth_time, nonce, at_hash and sid', async () => {
    const before = Math.floor(Date.now() / 1000);
    const tokens = await codeFlow(base({ nonce: 'n-0S6_WzA2Mj', prompt: 'consent' }));
    assert.ok(tokens.id_token, 'id_token');
    const header = part(tokens.id_token, 0);
    assert.equal(header.typ, 'JWT');
    const claims = await verifiedClaims(tokens.id_token);
    const access = part(tokens.access_token, 1);
    assert.equal(claims.iss, t.baseUrl);
    assert.equal(claims.sub, String(user.id));
    assert.equal(claims.sub, access.sub);
    assert.equal(claims.aud, app.clientId);
    assert.equal(claims.nonce, 'n-0S6_WzA2Mj');
    assert.ok((claims.iat as number) >= before && (claims.exp as number) > (claims.iat as number));
    assert.ok((claims.auth_time as number) <= (claims.iat as number) && (claims.auth_time as number) > before - 600);
    assert.match(String(claims.sid), /^[0-9a-f-]{36}$/);
    const digest = createHash('sha256').update(tokens.access_token).digest();
    assert.equal(claims.at_hash, digest.subarray(0, 16).toString('base64url'));
  });

  it('no openid, no ID token; a code flow without nonce has no nonce claim', async () => {
    const plain = await codeFlow(base({ scope: 'read' }));
    assert.equal(plain.id_token, undefined);
    const claims = part((await codeFlow(base())).id_token!, 1);
    assert.equal('nonce' in claims, false);
  });

  it('refresh keeps working with openid and issues no new ID token', async () => {
    const tokens = await codeFlow(base({ scope: 'openid profile' }));
    const res = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(res.status, 200, res.text);
    const body = res.json as Claims;
    assert.equal(body.scope, 'openid profile');
    assert.equal(body.id_token, undefined);
    const info = await fetch(`${t.baseUrl}/oauth/userinfo/`, { headers: { authorization: `Bearer ${body.access_token as string}` } });
    assert.equal(info.status, 200);
  });

  it('userinfo (GET and POST) gives the claims of the granted scopes, with CORS', async () => {
    const group = unique('g');
    const groups = t.get<GroupsService>(GroupsService);
    await groups.create(group);
    await groups.addMember(group, user.username);
    const narrow = await codeFlow(base());
    const wide = await codeFlow(base({ scope: 'openid email groups' }));
    const get = await fetch(`${t.baseUrl}/oauth/userinfo/`, { headers: { authorization: `Bearer ${narrow.access_token}`, origin: 'https://rp.example' } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), '*');
    assert.equal(get.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await get.json(), { sub: String(user.id), preferred_username: user.username });
    const post = await fetch(`${t.baseUrl}/oauth/userinfo`, { method: 'POST', headers: { authorization: `Bearer ${wide.access_token}` } });
    assert.equal(post.status, 200);
    assert.deepEqual(await post.json(), {
      sub: String(user.id),
      preferred_username: user.username,
      email: `${user.username}@example.test`,
      email_verified: true,
      groups: [group],
    });
    const preflight = await fetch(`${t.baseUrl}/oauth/userinfo/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://rp.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  });

  it('userinfo answers RFC 6750 errors like the resources: no token, a bad token, a token without openid', async () => {
    const none = await fetch(`${t.baseUrl}/oauth/userinfo/`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="auth-center"');
    const bad = await fetch(`${t.baseUrl}/oauth/userinfo/`, { headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.equal(((await bad.json()) as Claims).error, 'invalid_token');
    const { access_token } = await codeFlow(base({ scope: 'read' }));
    const short = await fetch(`${t.baseUrl}/oauth/userinfo/`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.equal(short.status, 403);
    assert.deepEqual(await short.json(), { error: 'insufficient_scope', error_description: 'This request needs one of these scopes: openid', scope: 'openid' });
    assert.match(short.headers.get('www-authenticate') ?? '', /error="insufficient_scope", scope="openid"/);
    const query = await fetch(`${t.baseUrl}/oauth/userinfo/?access_token=${access_token}`);
    assert.equal(query.status, 401, 'never a token from the query string');
  });

  it('userinfo for a user who has been disabled: 401 invalid_token', async () => {
    const gone = await seedUser(t);
    const tokens = await codeFlow(base({ prompt: 'consent' }), await signIn(t, gone.username));
    await t.dataSource.getRepository(User).update({ id: gone.id }, { isActive: false });
    const res = await fetch(`${t.baseUrl}/oauth/userinfo/`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as Claims).error, 'invalid_token');
  });

  it('a code redeemed twice still revokes what the first redemption issued, ID token flow included', async () => {
    const { verifier, challenge } = pkcePair();
    const { params } = await authorize(browser, base({ code_challenge: challenge, code_challenge_method: 'S256', nonce: 'abc' }));
    const redeem = () =>
      postForm(
        t,
        '/oauth/token/',
        { grant_type: 'authorization_code', code: params.code, redirect_uri: app.redirectUri, code_verifier: verifier },
        { authorization: basic(app.clientId, app.clientSecret!) },
      );
    const first = (await redeem()).json as { access_token: string };
    assert.equal((await redeem()).status, 400);
    const info = await fetch(`${t.baseUrl}/oauth/userinfo/`, { headers: { authorization: `Bearer ${first.access_token}` } });
    assert.equal(info.status, 401);
  });

  describe('prompt, max_age and login_hint', () => {
    const get = (client: HttpClient, params: Record<string, string>) => client.get(authorizePath(params));

    it('prompt=none answers at the redirect URI, never with a page: login_required, consent_required, or the code', async () => {
      const visitor = await get(new HttpClient(t.baseUrl), base({ prompt: 'none' }));
      assert.equal(visitor.status, 303);
      assert.deepEqual(redirectParams(visitor.location), { error: 'login_required', error_description: 'The user must sign in', state: 's1', iss: t.baseUrl });
      const fresh = await seedUser(t);
      const noConsent = await get(await signIn(t, fresh.username), base({ prompt: 'none' }));
      assert.equal(redirectParams(noConsent.location).error, 'consent_required');
      await codeFlow(base());
      const silent = await get(browser, base({ prompt: 'none' }));
      assert.equal(silent.status, 303);
      assert.ok(redirectParams(silent.location).code);
    });

    it('prompt=login signs the user in again even with a session, then continues without asking forever', async () => {
      const client = await signIn(t, user.username);
      const first = Math.floor(Date.now() / 1000);
      const { verifier, challenge } = pkcePair();
      const res = await get(client, base({ prompt: 'login consent', nonce: 'n1', code_challenge: challenge, code_challenge_method: 'S256' }));
      assert.equal(res.status, 303);
      const login = new URL(res.location!, t.baseUrl);
      assert.equal(login.pathname, '/accounts/login/');
      const next = login.searchParams.get('next')!;
      const back = new URL(next, t.baseUrl).searchParams;
      assert.equal(back.get('prompt'), 'consent');
      assert.equal(back.get('nonce'), 'n1');
      // Skipping the sign-in page does not help: the session still owes a sign-in.
      assert.equal((await client.get(next)).location, `/accounts/login/?next=${encodeURIComponent(next)}`);
      await sleep(1100);
      const signedIn = await client.submit(login.pathname + login.search, { username: user.username, password: PASSWORD, next });
      assert.equal(signedIn.location, next);
      const { params } = await authorize(client, Object.fromEntries(back));
      const tokens = await redeem(params.code, verifier);
      assert.ok((part(tokens.id_token!, 1).auth_time as number) > first);
      assert.equal(part(tokens.id_token!, 1).nonce, 'n1');
    });

    it('max_age: a sign-in older than it is asked again (login_required with prompt=none); a younger one goes through', async () => {
      const ok = await codeFlow(base({ max_age: '3600' }));
      assert.equal(typeof part(ok.id_token!, 1).auth_time, 'number');
      const [a, b] = [await signIn(t, user.username), await signIn(t, user.username)];
      await sleep(1100);
      const old = await get(a, base({ max_age: '0' }));
      assert.equal(old.status, 303);
      const next = new URL(old.location!, t.baseUrl).searchParams.get('next');
      assert.ok(next?.startsWith('/oauth/authorize/?'), old.location!);
      assert.equal(new URL(next!, t.baseUrl).searchParams.has('max_age'), false);
      const silent = await get(b, base({ max_age: '0', prompt: 'none' }));
      assert.equal(redirectParams(silent.location).error, 'login_required');
    });

    it('login_hint pre-fills the sign-in form', async () => {
      const res = await get(new HttpClient(t.baseUrl), base({ login_hint: 'alice@example.test' }));
      assert.equal(res.status, 303);
      const page = await new HttpClient(t.baseUrl).get(res.location!);
      assert.match(page.text, /name="username"[^>]*value="alice@example.test"|value="alice@example.test"[^>]*name="username"/);
    });

    it('bad prompt and max_age values are invalid_request at the redirect URI, and issue nothing', async () => {
      for (const [extra, description] of [
        [{ prompt: 'select_account' }, 'The prompt value select_account is not supported'],
        [{ prompt: 'none login' }, 'prompt=none cannot be combined with other values'],
        [{ max_age: 'soon' }, 'max_age must be a whole number of seconds'],
        [{ max_age: '-5' }, 'max_age must be a whole number of seconds'],
      ] as const) {
        const res = await get(browser, base(extra));
        assert.equal(res.status, 303, JSON.stringify(extra));
        assert.deepEqual(redirectParams(res.location), { error: 'invalid_request', error_description: description, state: 's1', iss: t.baseUrl });
      }
    });
  });

  describe('RP-initiated logout', () => {
    const BYE = 'https://client.example.com/signed-out';
    let rp: SeededApp;
    before(async () => {
      rp = await seedApp(t, user.id, { grantTypes: ['authorization_code'], scopes: ['openid'], postLogoutRedirectUris: [BYE] });
    });

    /** A fresh session and an ID token issued to `rp` in it. */
    async function signedInWithIdToken(who = user) {
      const client = await signIn(t, who.username);
      const { params } = await authorize(client, { response_type: 'code', client_id: rp.clientId, redirect_uri: rp.redirectUri, scope: 'openid' });
      const res = await postForm(
        t,
        '/oauth/token/',
        { grant_type: 'authorization_code', code: params.code, redirect_uri: rp.redirectUri },
        { authorization: basic(rp.clientId, rp.clientSecret!) },
      );
      return { client, idToken: (res.json as { id_token: string }).id_token };
    }
    const signedIn = async (client: HttpClient) => (await client.get('/accounts/profile/')).status === 200;
    const logoutPath = (params: Record<string, string>) => `/oauth/logout/?${new URLSearchParams(params).toString()}`;

    it('id_token_hint of the signed-in user, a registered post_logout_redirect_uri and state: signed out and sent back at once', async () => {
      const { client, idToken } = await signedInWithIdToken();
      const res = await client.get(logoutPath({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 'st 1' }));
      assert.equal(res.status, 303);
      assert.equal(res.location, `${BYE}?state=st+1`);
      assert.equal(await signedIn(client), false);
    });

    it('the relying party may POST the request (no CSRF token of ours), and an expired hint still names the user', async () => {
      const { client } = await signedInWithIdToken();
      const expired = t.get<JwtCodec>(JwtCodec).sign('JWT', { iss: t.baseUrl, sub: String(user.id), aud: rp.clientId, iat: 1000, exp: 2000 });
      const res = await client.post('/oauth/logout/', { id_token_hint: expired, post_logout_redirect_uri: BYE });
      assert.equal(res.status, 303);
      assert.equal(res.location, BYE);
      assert.equal(await signedIn(client), false);
    });

    it('without a hint the user confirms first; the confirmation form needs its CSRF token', async () => {
      const { client } = await signedInWithIdToken();
      const path = logoutPath({ client_id: rp.clientId, post_logout_redirect_uri: BYE, state: 'x' });
      const page = await client.get(path);
      assert.equal(page.status, 200);
      assert.match(page.text, /Sign out\?/);
      assert.match(page.headers.get('content-security-policy') ?? '', /form-action 'self' https:\/\/client\.example\.com/);
      assert.equal(await signedIn(client), true, 'nothing ended yet');
      const forged = await client.post('/oauth/logout/confirm/', { client_id: rp.clientId, post_logout_redirect_uri: BYE });
      assert.equal(forged.status, 403);
      assert.equal(await signedIn(client), true);
      const zh = await client.get(path, { 'accept-language': 'zh-CN' });
      assert.match(zh.text, /退出登录？/);
      const done = await client.submit(path, { ...consentFields(page.text) }, '/oauth/logout/confirm/');
      assert.equal(done.status, 303);
      assert.equal(done.location, `${BYE}?state=x`);
      assert.equal(await signedIn(client), false);
    });

    it('a hint for another user than the signed-in one asks first too; no redirect URI ends on our own page', async () => {
      const other = await seedUser(t);
      const { idToken } = await signedInWithIdToken(other);
      const { client } = await signedInWithIdToken();
      const page = await client.get(logoutPath({ id_token_hint: idToken }));
      assert.equal(page.status, 200);
      assert.match(page.text, /action="\/oauth\/logout\/confirm\/"/);
      const done = await client.submit(logoutPath({ id_token_hint: idToken }), consentFields(page.text), '/oauth/logout/confirm/');
      assert.equal(done.location, '/oauth/logout/done/');
      assert.match((await client.get(done.location)).text, /You are signed out/);
      assert.equal(await signedIn(client), false);
    });

    it('bad input is an error page, never a redirect, and signs nobody out', async () => {
      const { client, idToken } = await signedInWithIdToken();
      const other = await seedApp(t, user.id, {
        grantTypes: ['authorization_code'],
        scopes: ['openid'],
        postLogoutRedirectUris: ['https://other.example/bye'],
      });
      for (const [params, message] of [
        [{ id_token_hint: idToken, post_logout_redirect_uri: 'https://evil.example/' }, /has not registered/],
        [{ id_token_hint: idToken, post_logout_redirect_uri: `${BYE}/` }, /has not registered/],
        [{ id_token_hint: idToken, post_logout_redirect_uri: 'https://other.example/bye' }, /has not registered/],
        [{ post_logout_redirect_uri: BYE }, /does not say which application/],
        [{ client_id: 'nope', post_logout_redirect_uri: BYE }, /not registered/],
        [{ id_token_hint: idToken, client_id: other.clientId }, /two different applications/],
        [{ id_token_hint: 'not.a.token', post_logout_redirect_uri: BYE }, /did not issue/],
        [{ id_token_hint: part(idToken, 0) && idToken.slice(0, -4) + 'AAAA', post_logout_redirect_uri: BYE }, /did not issue/],
      ] as const) {
        const res = await client.get(logoutPath(params as Record<string, string>));
        assert.equal(res.status, 400, JSON.stringify(params));
        assert.equal(res.location, null);
        assert.match(res.text, message);
      }
      const repeated = await client.get(
        `/oauth/logout/?post_logout_redirect_uri=${encodeURIComponent(BYE)}&post_logout_redirect_uri=x&client_id=${rp.clientId}`,
      );
      assert.equal(repeated.status, 400);
      // An access token is not an ID token.
      const { access_token } = await codeFlow(base());
      assert.equal((await client.get(logoutPath({ id_token_hint: access_token }))).status, 400);
      assert.equal(await signedIn(client), true);
    });

    it('post_logout_redirect_uris in the application form: a field of its own, kept on a rejected form, shown on the detail page', async () => {
      const dev = await apiUser(t);
      const form = (uris: string, csrf: string) =>
        new URLSearchParams([
          ['_csrf', csrf],
          ['client_name', 'Signs out'],
          ['client_type', 'confidential'],
          ['grant_types', 'authorization_code'],
          ['redirect_uris', 'https://rp.example/cb'],
          ['post_logout_redirect_uris', uris],
          ['scope', 'openid'],
        ]);
      const page = await dev.client.get('/oauth/applications/register/');
      assert.match(page.text, /<textarea id="f-post_logout_redirect_uris" name="post_logout_redirect_uris"/);
      const rejected = await dev.client.post('/oauth/applications/register/', form('ftp://rp.example/bye', csrfFrom(page.text)));
      assert.equal(rejected.status, 400);
      assert.match(rejected.text, /id="f-post_logout_redirect_uris-error" role="alert">/);
      assert.match(rejected.text, />ftp:\/\/rp.example\/bye<\/textarea>/);
      const saved = await dev.client.post('/oauth/applications/register/', form('https://rp.example/bye\nhttps://rp.example/bye2', csrfFrom(page.text)));
      assert.equal(saved.status, 201, saved.text.slice(0, 300));
      const [created] = (await dev.call('GET', '/oauth/applications/')).json() as Array<{ id: number; post_logout_redirect_uris: string[] }>;
      assert.deepEqual(created.post_logout_redirect_uris, ['https://rp.example/bye', 'https://rp.example/bye2']);
      const detail = await dev.client.get(`/oauth/applications/${created.id}/`);
      assert.match(detail.text, /Post-logout redirect URIs/);
      assert.match(detail.text, /<code class="wrap">https:\/\/rp.example\/bye2<\/code>/);
      const edit = await dev.client.get(`/oauth/applications/${created.id}/update/`);
      assert.match(edit.text, />https:\/\/rp.example\/bye\nhttps:\/\/rp.example\/bye2<\/textarea>/);
    });

    it('post_logout_redirect_uris in the application JSON: registered, shown, checked like redirect URIs', async () => {
      const dev = await apiUser(t);
      const created = await dev.call('POST', '/oauth/applications/register/', validApp({ scope: 'openid', post_logout_redirect_uris: [BYE] }));
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.json().post_logout_redirect_uris, [BYE]);
      const bad = await dev.call('POST', '/oauth/applications/register/', validApp({ post_logout_redirect_uris: ['http://evil.example/bye'] }));
      assert.equal(bad.status, 400);
      assert.ok(bad.json().fields.post_logout_redirect_uris);
      const plain = await dev.call('POST', '/oauth/applications/register/', validApp());
      assert.deepEqual(plain.json().post_logout_redirect_uris, []);
    });
  });

  describe('implicit id_token and id_token token', () => {
    let spa: SeededApp;
    const implicit = (extra: Record<string, string>) => ({
      client_id: spa.clientId,
      redirect_uri: spa.redirectUri,
      scope: 'openid email',
      state: 'st',
      nonce: 'n-implicit',
      ...extra,
    });
    before(async () => {
      spa = await seedApp(t, user.id, {
        clientType: 'public',
        grantTypes: ['implicit'],
        scopes: ['openid', 'email'],
        redirectUris: ['https://spa.example/cb'],
      });
    });

    it('id_token token: both in the fragment, the ID token bound to the access token (at_hash) and the nonce', async () => {
      for (const response_type of ['id_token token', 'token id_token']) {
        const { location, params } = await authorize(browser, implicit({ response_type }));
        assert.ok(location.startsWith('https://spa.example/cb#'), location);
        assert.equal(params.token_type, 'Bearer');
        assert.equal(params.state, 'st');
        assert.equal(params.refresh_token, undefined);
        const claims = await verifiedClaims(params.id_token);
        assert.equal(claims.aud, spa.clientId);
        assert.equal(claims.nonce, 'n-implicit');
        assert.equal(claims.at_hash, createHash('sha256').update(params.access_token).digest().subarray(0, 16).toString('base64url'));
        assert.equal(claims.email, undefined, 'claims come from userinfo when there is an access token');
      }
    });

    it('id_token alone: no access token, the claims of the scopes in the ID token', async () => {
      const { params } = await authorize(browser, implicit({ response_type: 'id_token' }));
      assert.equal(params.access_token, undefined);
      const claims = await verifiedClaims(params.id_token);
      assert.equal(claims.sub, String(user.id));
      assert.equal(claims.preferred_username, user.username);
      assert.equal(claims.email, `${user.username}@example.test`);
      assert.equal(claims.at_hash, undefined);
      assert.equal(claims.nonce, 'n-implicit');
    });

    it('a plain token response stays plain OAuth, even with scope openid', async () => {
      const { params } = await authorize(browser, implicit({ response_type: 'token' }));
      assert.ok(params.access_token);
      assert.equal(params.id_token, undefined);
    });

    it('refused: without a nonce, without openid, for an application not registered for implicit; discovery lists the types', async () => {
      for (const [extra, description] of [
        [{ response_type: 'id_token token', nonce: '' }, 'response_type id_token needs a nonce'],
        [{ response_type: 'id_token', scope: 'email' }, 'response_type id_token needs scope openid'],
      ] as const) {
        const res = await browser.get(authorizePath(implicit(extra)));
        assert.equal(res.status, 303);
        assert.deepEqual(redirectParams(res.location), { error: 'invalid_request', error_description: description, state: 'st', iss: t.baseUrl });
      }
      const codeOnly = await browser.get(authorizePath({ ...base(), response_type: 'id_token token', nonce: 'n' }));
      assert.equal(redirectParams(codeOnly.location).error, 'unauthorized_client');
      assert.ok(codeOnly.location!.includes('#'), 'errors of the implicit response types go in the fragment');
      const doc = (await (await fetch(`${t.baseUrl}/.well-known/openid-configuration`)).json()) as Claims;
      assert.deepEqual(doc.response_types_supported, ['code', 'token', 'id_token token', 'id_token']);
    });

    it('with the implicit grant switched off, no id_token response type is offered or accepted', async () => {
      const off = await startApp({ ALLOW_IMPLICIT_GRANT: 'false' });
      try {
        const doc = (await (await fetch(`${off.baseUrl}/.well-known/openid-configuration`)).json()) as Claims;
        assert.deepEqual(doc.response_types_supported, ['code']);
        const owner = await seedUser(off);
        const app2 = await seedApp(off, owner.id, { scopes: ['openid'] });
        const res = await (
          await signIn(off, owner.username)
        ).get(authorizePath({ client_id: app2.clientId, redirect_uri: app2.redirectUri, response_type: 'id_token', scope: 'openid', nonce: 'n' }));
        assert.equal(redirectParams(res.location).error, 'unsupported_response_type');
      } finally {
        await off.close();
      }
    });
  });
});
