/*
 * The baseline's session routes (scenarios login and code-flow's authorize): sessions as the
 * product keeps them (@fastify/session), a signed cookie and the row keyed by SHA-256 of the id.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import * as argon2 from 'argon2';
import { uuidV7 } from '../../src/common/crypto/tokens';
import { Db, parseSqlDate, sqlDate } from '../lib/db';
import { json, readBody, safeEqual, sha256 } from './http';
import { App } from './token-routes';

const COOKIE = 'auth_center_sid';

export interface SessionRoutes {
  loginPage(req: IncomingMessage, res: ServerResponse): Promise<void>;
  login(req: IncomingMessage, res: ServerResponse): Promise<void>;
  authorize(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void>;
}

export function sessionRoutes(db: Db, issuer: string, secret: string): SessionRoutes {
  const signSid = (sid: string) => `${sid}.${createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '')}`;
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
      [
        sha256(code),
        app.id,
        userId,
        redirectUri,
        1,
        scopes.join(' '),
        query.get('code_challenge'),
        query.get('code_challenge_method'),
        uuidV7(),
        sqlDate(Date.now() + 300000),
      ],
    );
    const to = new URL(redirectUri);
    to.searchParams.set('code', code);
    if (query.get('state')) to.searchParams.set('state', query.get('state')!);
    to.searchParams.set('iss', issuer);
    res.writeHead(303, { Location: to.toString(), 'Cache-Control': 'no-store' });
    res.end();
  }

  return { loginPage, login, authorize };
}
