/*
 * The load scenarios, as autocannon options. The same definitions drive the product and the
 * baseline (same paths, same bodies); `peerScenario` gives the peer's (node-oidc-provider)
 * requests for the same operations. Chained scenarios (code-flow, login) are autocannon
 * `requests` chains carrying state in the per-connection context.
 */
import { createHash } from 'node:crypto';
import type { Fixtures } from './seed';

export const SCENARIOS = ['token-cc', 'token-refresh', 'introspect', 'resource', 'code-flow', 'login'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: RequestSpec, context: Record<string, unknown>) => RequestSpec;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, unknown>) => void;
}

export interface Scenario {
  name: ScenarioName;
  /** Requests per logical operation (a sign-in is a page and a POST). */
  chain: number;
  /** Status codes a healthy run answers with; anything else is an error. */
  expected: number[];
  requests: RequestSpec[];
  note?: string;
  /**
   * Checked once on a single request before the scenario is loaded: what a successful answer
   * looks like beyond its status (undefined when fine, else what is wrong).
   */
  verify?: (json: Record<string, unknown>) => string | undefined;
}

const FORM = 'application/x-www-form-urlencoded';
// PKCE (RFC 7636): one verifier for the whole run is fine, every code is still new.
export const VERIFIER = 'bench-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

const header = (headers: Record<string, unknown>, name: string): string | undefined => {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : String(v);
  }
  return undefined;
};

export function basic(f: Pick<Fixtures, 'clientId' | 'clientSecret'>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(f.clientId)}:${enc(f.clientSecret)}`).toString('base64')}`;
}

export interface ScenarioState {
  /** Fresh refresh tokens, one per request (rotation). */
  refreshPool?: string[];
  /** A signed-in session cookie (code-flow). */
  sessionCookie?: string;
}

export function scenario(name: ScenarioName, f: Fixtures, state: ScenarioState): Scenario {
  const auth = basic(f);
  switch (name) {
    case 'token-cc':
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [
          { method: 'POST', path: '/oauth/token/', headers: { authorization: auth, 'content-type': FORM }, body: 'grant_type=client_credentials&scope=read' },
        ],
        verify: (json) => (jwsHeader(json.access_token) ? undefined : 'no JWT access_token'),
      };
    case 'token-refresh': {
      const pool = state.refreshPool!;
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [
          {
            method: 'POST',
            path: '/oauth/token/',
            headers: { authorization: auth, 'content-type': FORM },
            setupRequest: (req) => ({ ...req, body: `grant_type=refresh_token&refresh_token=${pool.pop() ?? 'pool-exhausted'}` }),
          },
        ],
      };
    }
    case 'introspect':
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [{ method: 'POST', path: '/oauth/introspect/', headers: { authorization: auth, 'content-type': FORM }, body: `token=${f.accessToken}` }],
        verify: (json) => (json.active === true ? undefined : 'token not active'),
      };
    case 'resource':
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [{ method: 'GET', path: `/accounts/resource/user/${f.userId}.json`, headers: { authorization: `Bearer ${f.accessToken}` } }],
        verify: (json) => (json.username === f.username ? undefined : 'not the user'),
      };
    case 'code-flow': {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: f.clientId,
        redirect_uri: f.redirectUri,
        scope: f.scopes,
        state: 'bench',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
      });
      return {
        name,
        chain: 2,
        expected: [200, 302, 303],
        requests: [
          {
            method: 'GET',
            path: `/oauth/authorize/?${query}`,
            headers: { cookie: state.sessionCookie! },
            onResponse: (_status, _body, ctx, headers) => {
              const location = header(headers, 'location') ?? '';
              ctx.code = location.includes('?') ? (new URLSearchParams(location.split('?')[1]).get('code') ?? 'missing') : 'missing';
            },
          },
          {
            method: 'POST',
            path: '/oauth/token/',
            headers: { authorization: auth, 'content-type': FORM },
            setupRequest: (req, ctx) => ({
              ...req,
              body: new URLSearchParams({
                grant_type: 'authorization_code',
                code: String(ctx.code),
                redirect_uri: f.redirectUri,
                code_verifier: VERIFIER,
              }).toString(),
            }),
          },
        ],
      };
    }
    case 'login':
      return {
        name,
        chain: 2,
        expected: [200, 303],
        note: 'each sign-in is GET /accounts/login/ (session + CSRF token) then POST with the password (argon2id verify)',
        requests: [
          {
            method: 'GET',
            path: '/accounts/login/',
            onResponse: (_status, body, ctx, headers) => {
              ctx.csrf = /name="csrf-token" content="([^"]+)"/.exec(body)?.[1] ?? 'missing';
              ctx.cookie = (header(headers, 'set-cookie') ?? '').split(';')[0];
            },
          },
          {
            method: 'POST',
            path: '/accounts/login/',
            headers: { 'content-type': FORM },
            setupRequest: (req, ctx) => ({
              ...req,
              headers: { ...req.headers, cookie: String(ctx.cookie) },
              body: new URLSearchParams({ username: f.username, password: f.password, _csrf: String(ctx.csrf) }).toString(),
            }),
          },
        ],
      };
  }
}

/** What the peer (bench/peer/server.mjs) writes at start: its client, the JWT resource, a user's opaque token. */
export interface PeerFixtures {
  clientId: string;
  clientSecret: string;
  /** The resource indicator (RFC 8707) whose tokens are ES256 JWTs. */
  resource: string;
  scope: string;
  /** A live opaque access token of a user, scope `openid profile email` (introspect, userinfo). */
  accessToken: string;
  accountId: string;
}

/** The scenarios the peer runs; the others are product vs baseline only. */
export const PEER_SCENARIOS: readonly ScenarioName[] = ['token-cc', 'introspect', 'resource'];

/** The JOSE header of a compact JWS, if the value is one. */
function jwsHeader(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || value.split('.').length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(value.split('.')[0], 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The same operations on node-oidc-provider's endpoints (its default routes). */
export function peerScenario(name: ScenarioName, p: PeerFixtures): Scenario | undefined {
  const auth = basic(p);
  switch (name) {
    case 'token-cc':
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [
          {
            method: 'POST',
            path: '/token',
            headers: { authorization: auth, 'content-type': FORM },
            body: new URLSearchParams({ grant_type: 'client_credentials', scope: p.scope, resource: p.resource }).toString(),
          },
        ],
        verify: (json) => {
          const h = jwsHeader(json.access_token);
          return h?.alg === 'ES256' && h.typ === 'at+jwt' ? undefined : `not an ES256 JWT access token: ${JSON.stringify(h)}`;
        },
      };
    case 'introspect':
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [{ method: 'POST', path: '/token/introspection', headers: { authorization: auth, 'content-type': FORM }, body: `token=${p.accessToken}` }],
        verify: (json) => (json.active === true && json.sub === p.accountId ? undefined : 'token not active'),
      };
    case 'resource':
      return {
        name,
        chain: 1,
        expected: [200],
        requests: [{ method: 'GET', path: '/me', headers: { authorization: `Bearer ${p.accessToken}` } }],
        verify: (json) => (json.sub === p.accountId && typeof json.email === 'string' ? undefined : 'not the user'),
      };
    default:
      return undefined;
  }
}
