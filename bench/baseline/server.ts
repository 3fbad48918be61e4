/*
 * The baseline: what the product's hot paths cost with no framework and no ORM. node:http,
 * the same database and tables, the same signing key and JWT algorithm, the same checks:
 * a client lookup by client_id + SHA-256 compared in constant time, one INSERT per token,
 * one indexed lookup per bearer check. Nothing that the product does per request is skipped
 * on purpose; what it skips (i18n, views, pino, helmet headers) is the framework's share.
 *
 * Env: DATABASE_URL, PORT, ISSUER, SIGNING_KEYS_DIR, JWT_ALGORITHM, SESSION_SECRET.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, KeyObject, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import { uuidV7 } from '../../src/common/crypto/tokens';
import { Db, openDb, parseSqlDate, sqlDate } from '../lib/db';

type Alg = 'ES256' | 'RS256';
const env = process.env;
const PORT = Number(env.PORT ?? 3100);
const ISSUER = env.ISSUER ?? `http://127.0.0.1:${PORT}`;
const ALG = (env.JWT_ALGORITHM ?? 'ES256') as Alg;
const SECRET = env.SESSION_SECRET ?? '';
const ACCESS_TTL = 3600;
const REFRESH_TTL = 2592000;
const COOKIE = 'auth_center_sid';

// ---- keys: the product's key files, newest of the algorithm signs, kid = RFC 7638 thumbprint
interface Key { kid: string; alg: Alg; priv: KeyObject; pub: KeyObject }
function loadKeys(dir: string): Key[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const m = /^(\d{13})-(ES256|RS256)\.pem$/.exec(name);
    if (!m) return [];
    const priv = createPrivateKey(readFileSync(join(dir, name), 'utf8'));
    const pub = createPublicKey(priv);
    const j = pub.export({ format: 'jwk' });
    const members = j.kty === 'EC' ? { crv: j.crv, kty: j.kty, x: j.x, y: j.y } : { e: j.e, kty: j.kty, n: j.n };
    return [{ kid: createHash('sha256').update(JSON.stringify(members)).digest('base64url'), alg: m[2] as Alg, priv, pub }];
  });
}
const keys = loadKeys(env.SIGNING_KEYS_DIR ?? 'data/keys');
const signingKey = keys.filter((k) => k.alg === ALG).pop();
if (!signingKey) throw new Error(`no ${ALG} key in SIGNING_KEYS_DIR`);
const byKid = new Map(keys.map((k) => [k.kid, k]));
const keyOpt = (alg: Alg, key: KeyObject) => (alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const safeEqual = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

function signJwt(payload: Record<string, unknown>): string {
  const input = `${b64({ alg: ALG, typ: 'at+jwt', kid: signingKey!.kid })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), keyOpt(ALG, signingKey!.priv)).toString('base64url')}`;
}

function verifyJwt(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 8192) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: string; typ?: string; kid?: string };
    const key = byKid.get(String(header.kid));
    if (!key || header.alg !== key.alg || !/^(application\/)?at\+jwt$/i.test(header.typ ?? '')) return null;
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), keyOpt(key.alg, key.pub), Buffer.from(parts[2], 'base64url'))) return null;
    const p = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Record<string, unknown>;
    if (p.iss !== ISSUER || p.aud !== ISSUER || typeof p.jti !== 'string' || typeof p.exp !== 'number' || p.exp * 1000 <= Date.now()) return null;
    return p;
  } catch {
    return null;
  }
}

// ---- http helpers
class HttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>, readonly headers: Record<string, string> = {}) {
    super(String(body.error));
  }
}
const oauthError = (status: number, error: string, headers: Record<string, string> = {}) => new HttpError(status, { error }, headers);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 65536) reject(oauthError(413, 'invalid_request'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function form(req: IncomingMessage): Promise<Record<string, string>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw oauthError(400, 'invalid_request');
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(await readBody(req))) {
    if (k in out) throw oauthError(400, 'invalid_request');
    if (v !== '') out[k] = v;
  }
  return out;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data), 'Cache-Control': 'no-store', ...headers });
  res.end(data);
}

// ---- the routes
interface App { id: number; client_id: string; client_secret_hash: string | null; client_type: string; grant_types: string; scopes: string; redirect_uris: string }

function main(db: Db): void {
  async function clientAuth(req: IncomingMessage, params: Record<string, string>): Promise<App> {
    const auth = req.headers.authorization ?? '';
    let id: string | undefined;
    let secret: string | undefined;
    if (/^basic /i.test(auth)) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 1) throw oauthError(401, 'invalid_client', { 'WWW-Authenticate': 'Basic' });
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } else {
      id = params.client_id;
      secret = params.client_secret;
    }
    const rows = id ? ((await db.query('SELECT * FROM applications WHERE client_id = ?', [id])) as unknown as App[]) : [];
    const app = rows[0];
    if (!app || !app.client_secret_hash || secret === undefined || !safeEqual(sha256(secret), app.client_secret_hash)) {
      throw oauthError(401, 'invalid_client', { 'WWW-Authenticate': 'Basic' });
    }
    return app;
  }

  async function issue(app: App, userId: number | null, scopes: string, familyId: string | null, refresh: boolean) {
    const iat = Math.floor(Date.now() / 1000);
    const jti = uuidV7();
    const token = signJwt({ iss: ISSUER, sub: userId === null ? app.client_id : String(userId), aud: ISSUER, client_id: app.client_id, scope: scopes, jti, iat, exp: iat + ACCESS_TTL });
    const access = await db.run(
      'INSERT INTO access_tokens (jti, application_id, user_id, scopes, family_id, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      [jti, app.id, userId, scopes, familyId, sqlDate((iat + ACCESS_TTL) * 1000)],
    );
    const out: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TTL, scope: scopes };
    let refreshId: number | undefined;
    if (refresh && userId !== null && familyId && app.grant_types.split(' ').includes('refresh_token')) {
      const rt = randomBytes(32).toString('base64url');
      refreshId = (await db.run(
        'INSERT INTO refresh_tokens (token_hash, application_id, user_id, scopes, family_id, access_token_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [sha256(rt), app.id, userId, scopes, familyId, access.insertId, sqlDate(Date.now() + REFRESH_TTL * 1000)],
      )).insertId;
      out.refresh_token = rt;
    }
    return { body: out, refreshId };
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await form(req);
    const app = await clientAuth(req, p);
    if (!app.grant_types.split(' ').includes(p.grant_type ?? '')) throw oauthError(400, 'unauthorized_client');
    const allowed = app.scopes.split(' ');
    if (p.grant_type === 'client_credentials') {
      const scopes = (p.scope ? p.scope.split(' ').filter((s) => allowed.includes(s)) : allowed).join(' ');
      return json(res, 200, (await issue(app, null, scopes, null, false)).body, { Pragma: 'no-cache' });
    }
    if (p.grant_type === 'refresh_token') {
      const rows = await db.query('SELECT * FROM refresh_tokens WHERE token_hash = ?', [sha256(p.refresh_token ?? '')]);
      const rt = rows[0];
      if (!rt || rt.application_id !== app.id || rt.revoked_at || parseSqlDate(rt.expires_at) <= Date.now()) throw oauthError(400, 'invalid_grant');
      const claimed = await db.run('UPDATE refresh_tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL', [sqlDate(Date.now()), rt.id]);
      if (rt.rotated_at || claimed.affected !== 1) throw oauthError(400, 'invalid_grant');
      const users = await db.query('SELECT id FROM users WHERE id = ? AND is_active = ?', [rt.user_id, 1]);
      if (!users[0]) throw oauthError(400, 'invalid_grant');
      const scopes = String(rt.scopes).split(' ').filter((s) => allowed.includes(s)).join(' ');
      const issued = await issue(app, Number(rt.user_id), scopes, String(rt.family_id), true);
      if (issued.refreshId) await db.run('UPDATE refresh_tokens SET successor_id = ? WHERE id = ?', [issued.refreshId, rt.id]);
      return json(res, 200, issued.body, { Pragma: 'no-cache' });
    }
    if (p.grant_type === 'authorization_code') {
      const rows = await db.query('SELECT * FROM authorization_codes WHERE code_hash = ?', [sha256(p.code ?? '')]);
      const c = rows[0];
      if (!c || c.application_id !== app.id || c.used_at || parseSqlDate(c.expires_at) <= Date.now()) throw oauthError(400, 'invalid_grant');
      if (p.redirect_uri !== c.redirect_uri) throw oauthError(400, 'invalid_grant');
      if (c.code_challenge && createHash('sha256').update(p.code_verifier ?? '').digest('base64url') !== c.code_challenge) throw oauthError(400, 'invalid_grant');
      const claimed = await db.run('UPDATE authorization_codes SET used_at = ? WHERE id = ? AND used_at IS NULL', [sqlDate(Date.now()), c.id]);
      if (claimed.affected !== 1) throw oauthError(400, 'invalid_grant');
      return json(res, 200, (await issue(app, Number(c.user_id), String(c.scopes), String(c.family_id), true)).body, { Pragma: 'no-cache' });
    }
    throw oauthError(400, 'unsupported_grant_type');
  }

  async function introspect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await form(req);
    const app = await clientAuth(req, p);
    const claims = verifyJwt(p.token ?? '');
    const rec = claims ? (await db.query('SELECT * FROM access_tokens WHERE jti = ?', [claims.jti]))[0] : undefined;
    if (!claims || !rec || rec.revoked_at || rec.application_id !== app.id) return json(res, 200, { active: false });
    const { client_id, sub, aud, iss, jti, iat, exp } = claims;
    json(res, 200, { active: true, token_type: 'Bearer', scope: String(rec.scopes), client_id, sub, aud, iss, jti, iat, exp });
  }

  async function resourceUser(req: IncomingMessage, res: ServerResponse, pk: number): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const claims = /^bearer /i.test(auth) ? verifyJwt(auth.slice(7).trim()) : null;
    const rec = claims ? (await db.query('SELECT * FROM access_tokens WHERE jti = ?', [claims.jti]))[0] : undefined;
    if (!claims || !rec || rec.revoked_at) return json(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    const scopes = String(rec.scopes).split(' ');
    if (!scopes.some((s) => s === 'read' || s === 'profile')) return json(res, 403, { error: 'insufficient_scope' });
    if (rec.user_id !== pk) return json(res, 404, { error: 'not_found' });
    const user = (await db.query('SELECT * FROM users WHERE id = ?', [pk]))[0];
    if (!user || !user.is_active) return json(res, 404, { error: 'not_found' });
    const out: Record<string, unknown> = { id: user.id, username: user.username };
    if (scopes.includes('email') || scopes.includes('read')) {
      out.email = user.email;
      out.email_verified = !!user.email_verified;
    }
    json(res, 200, out);
  }

  // Sessions as the product keeps them (@fastify/session): a signed cookie, the row keyed by SHA-256 of the id.
  const signSid = (sid: string) => `${sid}.${createHmac('sha256', SECRET).update(sid).digest('base64').replace(/=+$/, '')}`;
  function sidFrom(req: IncomingMessage): string | null {
    const m = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
    if (!m) return null;
    const v = decodeURIComponent(m[1]);
    const dot = v.lastIndexOf('.');
    if (dot < 0) return null;
    const sid = v.slice(0, dot);
    return safeEqual(signSid(sid), v) ? sid : null;
  }
  async function loadSession(req: IncomingMessage): Promise<{ sid: string; data: Record<string, unknown> } | null> {
    const sid = sidFrom(req);
    if (!sid) return null;
    const row = (await db.query('SELECT data, expires_at FROM sessions WHERE id = ?', [sha256(sid)]))[0];
    if (!row || parseSqlDate(row.expires_at) <= Date.now()) return null;
    return { sid, data: JSON.parse(String(row.data)) as Record<string, unknown> };
  }
  async function newSession(res: ServerResponse, userId: number | null, data: Record<string, unknown>): Promise<void> {
    const sid = randomBytes(24).toString('base64url');
    const expires = Date.now() + 1209600 * 1000;
    const body = { cookie: { originalMaxAge: 1209600000, expires: new Date(expires).toISOString(), httpOnly: true, path: '/', sameSite: 'lax' }, ...data };
    await db.run('INSERT INTO sessions (id, user_id, data, expires_at) VALUES (?, ?, ?, ?)', [sha256(sid), userId, JSON.stringify(body), sqlDate(expires)]);
    res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(signSid(sid))}; Path=/; Expires=${new Date(expires).toUTCString()}; HttpOnly; SameSite=Lax`);
  }

  async function loginPage(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const csrf = randomBytes(32).toString('hex');
    await newSession(res, null, { csrfToken: csrf });
    const html = `<!doctype html><html><head><meta name="csrf-token" content="${csrf}"></head><body><form method="post"><input name="_csrf" value="${csrf}"></form></body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const s = await loadSession(req);
    if (!s || typeof s.data.csrfToken !== 'string' || !safeEqual(s.data.csrfToken, p._csrf ?? '')) return json(res, 403, { error: 'csrf' });
    const key = (p.username ?? '').trim().toLowerCase();
    const user = (await db.query(`SELECT * FROM users WHERE ${key.includes('@') ? 'email_key' : 'username_key'} = ?`, [key]))[0];
    if (!user || !(await argon2.verify(String(user.password_hash), p.password ?? ''))) return json(res, 401, { error: 'invalid' });
    await db.run('DELETE FROM sessions WHERE id = ?', [sha256(s.sid)]);
    await newSession(res, Number(user.id), { userId: user.id });
    res.writeHead(303, { Location: '/' });
    res.end();
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const s = await loadSession(req);
    const userId = s?.data.userId as number | undefined;
    const user = userId ? (await db.query('SELECT id FROM users WHERE id = ? AND is_active = ?', [userId, 1]))[0] : undefined;
    if (!user) {
      res.writeHead(302, { Location: '/accounts/login/' });
      return void res.end();
    }
    const app = (await db.query('SELECT * FROM applications WHERE client_id = ?', [query.get('client_id') ?? '']))[0] as unknown as App | undefined;
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!app || !app.redirect_uris.split('\n').includes(redirectUri)) return json(res, 400, { error: 'invalid_request' });
    const allowed = app.scopes.split(' ');
    const scopes = (query.get('scope') ?? '').split(' ').filter((x) => allowed.includes(x));
    const consent = (await db.query('SELECT scopes FROM consents WHERE user_id = ? AND application_id = ?', [userId, app.id]))[0];
    if (!consent || !scopes.every((x) => String(consent.scopes).split(' ').includes(x))) return json(res, 400, { error: 'consent_required' });
    const code = randomBytes(32).toString('base64url');
    await db.run(
      'INSERT INTO authorization_codes (code_hash, application_id, user_id, redirect_uri, redirect_uri_given, scopes, code_challenge, code_challenge_method, family_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [sha256(code), app.id, userId, redirectUri, 1, scopes.join(' '), query.get('code_challenge'), query.get('code_challenge_method'), uuidV7(), sqlDate(Date.now() + 300000)],
    );
    const to = new URL(redirectUri);
    to.searchParams.set('code', code);
    if (query.get('state')) to.searchParams.set('state', query.get('state')!);
    to.searchParams.set('iss', ISSUER);
    res.writeHead(303, { Location: to.toString(), 'Cache-Control': 'no-store' });
    res.end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/\/$/, '');
    let handler: Promise<void>;
    const resource = /^\/accounts\/resource\/user\/(\d+)(\.json)?$/.exec(path);
    if (req.method === 'POST' && path === '/oauth/token') handler = token(req, res);
    else if (req.method === 'POST' && path === '/oauth/introspect') handler = introspect(req, res);
    else if (req.method === 'GET' && resource) handler = resourceUser(req, res, Number(resource[1]));
    else if (req.method === 'GET' && path === '/oauth/authorize') handler = authorize(req, res, url.searchParams);
    else if (req.method === 'GET' && path === '/accounts/login') handler = loginPage(req, res);
    else if (req.method === 'POST' && path === '/accounts/login') handler = login(req, res);
    else if (path === '/health') handler = Promise.resolve(json(res, 200, { status: 'ok' }));
    else handler = Promise.resolve(json(res, 404, { error: 'not_found' }));
    handler.catch((e: unknown) => {
      if (e instanceof HttpError) json(res, e.status, e.body, e.headers);
      else {
        process.stderr.write(`baseline: ${(e as Error).stack ?? String(e)}\n`);
        json(res, 500, { error: 'server_error' });
      }
    });
  });
  server.keepAliveTimeout = 65000;
  server.listen(PORT, '127.0.0.1', () => process.stdout.write(`baseline listening on ${PORT}\n`));
  const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

openDb(env.DATABASE_URL ?? '', Number(env.DATABASE_POOL_SIZE ?? 10)).then(main, (e: unknown) => {
  process.stderr.write(`baseline failed to start: ${String(e)}\n`);
  process.exit(1);
});
