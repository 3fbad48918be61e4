/*
 * The baseline: what the product's hot paths cost with no framework and no ORM. node:http,
 * the same database and tables, the same signing key and JWT algorithm, the same checks:
 * a client lookup by client_id + SHA-256 compared in constant time, one INSERT per token,
 * one indexed lookup per bearer check. Nothing that the product does per request is skipped
 * on purpose; what it skips (i18n, views, pino, helmet headers) is the framework's share.
 * The routes are in token-routes.ts and session-routes.ts, the hand-written JWS in jws.ts.
 *
 * Env: DATABASE_URL, PORT, ISSUER, SIGNING_KEYS_DIR, JWT_ALGORITHM, SESSION_SECRET.
 */
import { createServer } from 'node:http';
import { Db, openDb } from '../lib/db';
import { HttpError, json } from './http';
import { accessTokenJws, Alg } from './jws';
import { sessionRoutes } from './session-routes';
import { tokenRoutes } from './token-routes';

const env = process.env;
const PORT = Number(env.PORT ?? 3100);
const ISSUER = env.ISSUER ?? `http://127.0.0.1:${PORT}`;
const ALG = (env.JWT_ALGORITHM ?? 'ES256') as Alg;
const SECRET = env.SESSION_SECRET ?? '';
const jws = accessTokenJws(env.SIGNING_KEYS_DIR ?? 'data/keys', ALG, ISSUER);

function main(db: Db): void {
  const { token, introspect, resourceUser } = tokenRoutes(db, ISSUER, jws);
  const { loginPage, login, authorize } = sessionRoutes(db, ISSUER, SECRET);

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
