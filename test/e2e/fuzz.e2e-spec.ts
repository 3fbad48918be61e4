import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startApp, TestApp } from '../support/app';
import { csrfFrom, HttpClient } from '../support/http-client';
import { basic, PASSWORD, pkcePair, seedApp, seedUser, signIn, type SeededApp } from '../support/oauth';
import { passwordToken } from '../support/management';

/**
 * Property-based fuzzing of every kind of endpoint, starting from requests that work and
 * changing one thing at a time (a parameter's value, its presence, its repetition, a header,
 * the path, the body's type), as an attacker probing a server would. Whatever is sent, the
 * answer is never a 5xx, never carries a stack trace or a driver message, every redirect
 * target is a valid ASCII header value, and the server keeps answering.
 */

interface Template {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: Record<string, unknown>;
  headers?: Record<string, string>;
}

type Mutation =
  | { kind: 'value'; field: number; value: string }
  | { kind: 'drop'; field: number }
  | { kind: 'repeat'; field: number; value: string }
  | { kind: 'extra'; name: string; value: string }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'path'; suffix: string }
  | { kind: 'jsonType'; field: number; value: unknown }
  | { kind: 'contentType'; value: string };

/** Values attackers reach for, beside arbitrary strings. */
const nasty = fc.constantFrom(
  '',
  ' ',
  '%',
  '%ZZ',
  '%00',
  '\u0000',
  '\r\nSet-Cookie: x=1',
  '中文',
  'café',
  '/中文',
  '/café',
  '\u{1F600}',
  '\uD800',
  '../../etc/passwd',
  '//evil.example/',
  '/\\evil.example',
  'javascript:alert(1)',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '1; DROP TABLE users',
  'http://127.0.0.1:99999/cb',
  'http://[::1/',
  '-1',
  '99999999999999999999999',
  'NaN',
  'null',
  'a'.repeat(5000),
);
const anyValue = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 64 }), fc.string({ unit: 'grapheme-ascii', maxLength: 64 }));
/** Header values a client can send at all (Latin-1, no CR/LF). */
const headerValue = fc.oneof(
  nasty.filter((v) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v)),
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
  fc.constant('Bearer'),
  fc.constant('Basic !!!'),
  fc.constant('Basic ' + Buffer.from(':').toString('base64')),
  fc.constant('Bearer ' + 'a.'.repeat(3) + 'b'),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('value' as const), field: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), field: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), field: fc.nat(), value: anyValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), name: anyValue, value: anyValue }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      // Not content-length: fetch (undici) sends a body that disagrees with it and then waits
      // forever for an answer, even from a bare node:http server.
      name: fc.constantFrom('authorization', 'cookie', 'accept', 'accept-language', 'x-forwarded-for', 'x-csrf-token', 'origin'),
      value: headerValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('path' as const),
      suffix: fc.constantFrom('%', '%ZZ', '/..', '//', '.json', '.html', '/x', '%2F', '%C0%AE', '?'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('jsonType' as const),
      field: fc.nat(),
      value: fc.oneof(
        fc.constant(null),
        fc.integer(),
        fc.boolean(),
        fc.array(fc.string()),
        fc.dictionary(fc.string(), fc.string()),
        fc.constant({ __proto__: { x: 1 } }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('contentType' as const),
      value: fc.constantFrom(
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded; charset=latin1',
        'application/xml',
        '',
      ),
    }),
  },
);

/** The request a template becomes after one mutation; undefined when no client could send it. */
function build(base: string, t: Template, m: Mutation): { url: string; init: RequestInit } | undefined {
  const query = new URLSearchParams(t.query ?? {});
  const form = t.form ? new URLSearchParams(t.form) : undefined;
  const json: Record<string, unknown> | undefined = t.json ? { ...t.json } : undefined;
  const headers: Record<string, string> = { ...(t.headers ?? {}) };
  let path = t.path;
  let body: string | undefined;
  let contentType = form ? 'application/x-www-form-urlencoded' : json ? 'application/json' : undefined;
  const params = form ?? (json ? undefined : query);
  const fields = params ? [...new Set(params.keys())] : Object.keys(json ?? {});
  const field = 'field' in m && fields.length ? fields[m.field % fields.length] : undefined;
  switch (m.kind) {
    case 'value':
      if (field && params) params.set(field, m.value);
      else if (field && json) json[field] = m.value;
      break;
    case 'drop':
      if (field && params) params.delete(field);
      else if (field && json) delete json[field];
      break;
    case 'repeat':
      if (field && params) params.append(field, m.value);
      break;
    case 'extra':
      if (params) params.append(m.name, m.value);
      else if (json) json[m.name] = m.value;
      break;
    case 'header':
      headers[m.name] = m.value;
      break;
    case 'path':
      path += m.suffix;
      break;
    case 'jsonType':
      if (field && json) json[field] = m.value;
      else if (field && params) return build(base, { ...t, json: Object.fromEntries(params), form: undefined, query: t.form ? t.query : undefined }, m);
      break;
    case 'contentType':
      contentType = m.value || undefined;
      break;
  }
  if (form) body = form.toString();
  if (json) body = JSON.stringify(json);
  if (contentType && body !== undefined) headers['content-type'] = contentType;
  const qs = query.toString();
  try {
    return { url: `${base}${path}${qs ? `?${qs}` : ''}`, init: { method: t.method, headers, body, redirect: 'manual' } };
  } catch {
    return undefined;
  }
}

describe('fuzzing: mutated valid requests never break the server', () => {
  let t: TestApp;
  let templates: Template[];
  let app: SeededApp;
  let pkce: { verifier: string; challenge: string };

  before(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES_PER_IP: '100000', CLIENT_AUTH_MAX_FAILURES: '100000', PASSWORD_RESET_MAX_PER_HOUR: '100000' });
    const seeded = await seedUser(t, 'fuzz');
    const user = { ...seeded, email: `${seeded.username}@example.test`, password: PASSWORD };
    app = await seedApp(t, user.id, {
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
      redirectUris: ['https://client.example.com/cb', 'http://127.0.0.1/cb'],
    });
    const page = await signIn(t, user.username);
    const csrf = await page.csrfToken('/oauth/applications/');
    const cookie = [...page.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const visitor = new HttpClient(t.baseUrl);
    const visitorCsrf = csrfFrom((await visitor.get('/accounts/login/')).text);
    const visitorCookie = [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const tokens = await passwordToken(t, app, user.username, 'read profile');
    pkce = pkcePair();
    const auth = { authorization: basic(app.clientId, app.clientSecret!) };
    templates = [
      {
        name: 'sign-in',
        method: 'POST',
        path: '/accounts/login/',
        form: { _csrf: visitorCsrf, username: user.username, password: user.password, next: '/oauth/applications/' },
        headers: { cookie: visitorCookie },
      },
      {
        name: 'register',
        method: 'POST',
        path: '/accounts/register/',
        form: {
          _csrf: visitorCsrf,
          username: 'fuzzed_name',
          email: 'fuzzed@example.test',
          password: 'a long enough passphrase 42',
          password_confirm: 'a long enough passphrase 42',
        },
        headers: { cookie: visitorCookie },
      },
      {
        name: 'reset request',
        method: 'POST',
        path: '/accounts/password_reset/',
        form: { _csrf: visitorCsrf, email: user.email },
        headers: { cookie: visitorCookie },
      },
      { name: 'reset link', method: 'GET', path: '/accounts/reset/MQ/abc-def/' },
      {
        name: 'authorize',
        method: 'GET',
        path: '/oauth/authorize/',
        query: {
          response_type: 'code',
          client_id: app.clientId,
          redirect_uri: app.redirectUri,
          scope: 'read',
          state: 'xyz',
          code_challenge: pkce.challenge,
          code_challenge_method: 'S256',
        },
        headers: { cookie },
      },
      {
        name: 'consent',
        method: 'POST',
        path: '/oauth/authorize/',
        form: { _csrf: csrf, response_type: 'code', client_id: app.clientId, redirect_uri: app.redirectUri, scope: 'read', state: 's', decision: 'deny' },
        headers: { cookie },
      },
      { name: 'client_credentials', method: 'POST', path: '/oauth/token/', form: { grant_type: 'client_credentials', scope: 'read' }, headers: auth },
      {
        name: 'password grant',
        method: 'POST',
        path: '/oauth/token/',
        form: {
          grant_type: 'password',
          username: user.username,
          password: user.password,
          scope: 'read',
          client_id: app.clientId,
          client_secret: app.clientSecret!,
        },
      },
      {
        name: 'code grant',
        method: 'POST',
        path: '/oauth/token/',
        form: { grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: app.redirectUri, code_verifier: pkce.verifier },
        headers: auth,
      },
      {
        name: 'refresh',
        method: 'POST',
        path: '/oauth/token/',
        form: { grant_type: 'refresh_token', refresh_token: 'x' + tokens.refresh_token },
        headers: auth,
      },
      { name: 'introspect', method: 'POST', path: '/oauth/introspect/', form: { token: tokens.access_token, token_type_hint: 'access_token' }, headers: auth },
      { name: 'revoke', method: 'POST', path: '/oauth/revoke_token/', form: { token: 'unknown-token', token_type_hint: 'refresh_token' }, headers: auth },
      {
        name: 'user resource',
        method: 'GET',
        path: `/accounts/resource/user/${user.id}/`,
        query: { format: 'json' },
        headers: { authorization: `Bearer ${tokens.access_token}` },
      },
      { name: 'metadata', method: 'GET', path: '/.well-known/oauth-authorization-server', query: { x: '1' } },
      {
        name: 'application JSON',
        method: 'POST',
        path: '/oauth/applications/register/',
        json: {
          client_name: 'fuzzed',
          redirect_uris: ['https://fuzz.example/cb'],
          grant_types: ['authorization_code'],
          scope: 'read',
          token_endpoint_auth_method: 'client_secret_basic',
        },
        headers: { cookie, accept: 'application/json', 'x-csrf-token': csrf },
      },
      { name: 'authorized tokens', method: 'GET', path: '/oauth/authorized_tokens/', query: { page: '1' }, headers: { cookie, accept: 'application/json' } },
      { name: 'profile', method: 'POST', path: '/accounts/profile/', form: { _csrf: csrf, email: user.email }, headers: { cookie } },
    ];
  });
  after(async () => {
    await t.close();
  });

  it('every mutation of every valid request gets a clean 2xx-4xx answer', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, async (which, m) => {
        const template = templates[which % templates.length];
        const request = build(t.baseUrl, template, m);
        if (!request) return true;
        let res: Response;
        try {
          // A request the server never answers is a failure too (it would hang the suite).
          res = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(10_000) });
        } catch (err) {
          if (err instanceof DOMException && err.name === 'TimeoutError') {
            failures.push(`${template.name} ${JSON.stringify(m).slice(0, 300)} → no answer in 10 s`);
            assert.fail(`${template.name} ${JSON.stringify(m).slice(0, 300)}: no answer in 10 s`);
          }
          // The client refused to send it (an invalid header): nothing reached the server.
          const cause = (err as { cause?: { code?: string } }).cause;
          const refusedByClient = ['UND_ERR_INVALID_ARG', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'UND_ERR_NOT_SUPPORTED'].includes(cause?.code ?? '');
          if (err instanceof TypeError && (!/fetch failed/.test(err.message) || refusedByClient)) return true;
          throw err;
        }
        const text = await res.text();
        const where = `${template.name} ${JSON.stringify(m).slice(0, 300)} → ${res.status} ${text.slice(0, 200)}`;
        if (res.status >= 500) failures.push(where);
        assert.ok(res.status < 500, where);
        // Driver codes as words: a random token on a page (a CSRF token …YHER_Hq…) is not one.
        assert.doesNotMatch(text, /\bat [\w.<>]+ \(.*:\d+:\d+\)|QueryFailedError|ECONNREFUSED|\bSQLITE_|\bER_[A-Z_]+/, where);
        const location = res.headers.get('location');
        if (location !== null) assert.match(location, /^[\x21-\x7e]*$/, where);
        return true;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    assert.deepEqual(failures, []);
    const health = await fetch(`${t.baseUrl}/health`);
    assert.equal(health.status, 200);
  });

  it('the untouched templates are valid requests (the fuzzer starts from working calls)', async () => {
    for (const name of ['client_credentials', 'introspect', 'user resource', 'authorize', 'metadata']) {
      const template = templates.find((x) => x.name === name)!;
      const request = build(t.baseUrl, template, { kind: 'header', name: 'accept-language', value: 'en' })!;
      const res = await fetch(request.url, request.init);
      assert.ok(res.status === 200 || (name === 'authorize' && res.status === 200), `${name}: ${res.status}`);
    }
  });
});
