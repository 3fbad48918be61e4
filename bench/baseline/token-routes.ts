/*
 * The baseline's client-authenticated and bearer routes (scenarios token-cc, token-refresh,
 * introspect, resource, and code-flow's exchange): a client lookup by client_id + SHA-256
 * compared in constant time, one INSERT per token, one indexed lookup per bearer check.
 */
import { createHash, randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { uuidV7 } from '../../src/common/crypto/tokens';
import { Db, parseSqlDate, sqlDate } from '../lib/db';
import { form, json, oauthError, safeEqual, sha256 } from './http';
import { AccessTokenJws } from './jws';

const ACCESS_TTL = 3600;
const REFRESH_TTL = 2592000;

export interface App {
  id: number;
  client_id: string;
  client_secret_hash: string | null;
  client_type: string;
  grant_types: string;
  scopes: string;
  redirect_uris: string;
}

export interface TokenRoutes {
  token(req: IncomingMessage, res: ServerResponse): Promise<void>;
  introspect(req: IncomingMessage, res: ServerResponse): Promise<void>;
  resourceUser(req: IncomingMessage, res: ServerResponse, pk: number): Promise<void>;
}

export function tokenRoutes(db: Db, issuer: string, jws: AccessTokenJws): TokenRoutes {
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
    const token = jws.sign({
      iss: issuer,
      sub: userId === null ? app.client_id : String(userId),
      aud: issuer,
      client_id: app.client_id,
      scope: scopes,
      jti,
      iat,
      exp: iat + ACCESS_TTL,
    });
    const access = await db.run(
      'INSERT INTO access_tokens (jti, application_id, user_id, scopes, family_id, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      [jti, app.id, userId, scopes, familyId, sqlDate((iat + ACCESS_TTL) * 1000)],
    );
    const out: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TTL, scope: scopes };
    let refreshId: number | undefined;
    if (refresh && userId !== null && familyId && app.grant_types.split(' ').includes('refresh_token')) {
      const rt = randomBytes(32).toString('base64url');
      refreshId = (
        await db.run(
          'INSERT INTO refresh_tokens (token_hash, application_id, user_id, scopes, family_id, access_token_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [sha256(rt), app.id, userId, scopes, familyId, access.insertId, sqlDate(Date.now() + REFRESH_TTL * 1000)],
        )
      ).insertId;
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
      const claimed = await db.run('UPDATE refresh_tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL', [
        sqlDate(Date.now()),
        rt.id,
      ]);
      if (rt.rotated_at || claimed.affected !== 1) throw oauthError(400, 'invalid_grant');
      const users = await db.query('SELECT id FROM users WHERE id = ? AND is_active = ?', [rt.user_id, 1]);
      if (!users[0]) throw oauthError(400, 'invalid_grant');
      const scopes = String(rt.scopes)
        .split(' ')
        .filter((s) => allowed.includes(s))
        .join(' ');
      const issued = await issue(app, Number(rt.user_id), scopes, String(rt.family_id), true);
      if (issued.refreshId) await db.run('UPDATE refresh_tokens SET successor_id = ? WHERE id = ?', [issued.refreshId, rt.id]);
      return json(res, 200, issued.body, { Pragma: 'no-cache' });
    }
    if (p.grant_type === 'authorization_code') {
      const rows = await db.query('SELECT * FROM authorization_codes WHERE code_hash = ?', [sha256(p.code ?? '')]);
      const c = rows[0];
      if (!c || c.application_id !== app.id || c.used_at || parseSqlDate(c.expires_at) <= Date.now()) throw oauthError(400, 'invalid_grant');
      if (p.redirect_uri !== c.redirect_uri) throw oauthError(400, 'invalid_grant');
      if (
        c.code_challenge &&
        createHash('sha256')
          .update(p.code_verifier ?? '')
          .digest('base64url') !== c.code_challenge
      )
        throw oauthError(400, 'invalid_grant');
      const claimed = await db.run('UPDATE authorization_codes SET used_at = ? WHERE id = ? AND used_at IS NULL', [sqlDate(Date.now()), c.id]);
      if (claimed.affected !== 1) throw oauthError(400, 'invalid_grant');
      return json(res, 200, (await issue(app, Number(c.user_id), String(c.scopes), String(c.family_id), true)).body, { Pragma: 'no-cache' });
    }
    throw oauthError(400, 'unsupported_grant_type');
  }

  async function introspect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await form(req);
    const app = await clientAuth(req, p);
    const claims = jws.verify(p.token ?? '');
    const rec = claims ? (await db.query('SELECT * FROM access_tokens WHERE jti = ?', [claims.jti]))[0] : undefined;
    if (!claims || !rec || rec.revoked_at || rec.application_id !== app.id) return json(res, 200, { active: false });
    const { client_id, sub, aud, iss, jti, iat, exp } = claims;
    json(res, 200, { active: true, token_type: 'Bearer', scope: String(rec.scopes), client_id, sub, aud, iss, jti, iat, exp });
  }

  async function resourceUser(req: IncomingMessage, res: ServerResponse, pk: number): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const claims = /^bearer /i.test(auth) ? jws.verify(auth.slice(7).trim()) : null;
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

  return { token, introspect, resourceUser };
}
