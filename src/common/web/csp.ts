import type { FastifyInstance, FastifyRequest } from 'fastify';
import { policyOf } from './route-policy';

type Directives = Record<string, string[]>;

/** The strict policy of every page: nothing from other origins, no scripts, no framing. */
export const PAGE_CSP: Directives = {
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'script-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
};

/** The header value of PAGE_CSP with some directives replaced (null removes one). */
export function cspHeader(overrides: Record<string, string[] | null> = {}): string {
  const merged: Record<string, string[] | null> = { ...PAGE_CSP, ...overrides };
  return Object.entries(merged)
    .filter((e): e is [string, string[]] => e[1] !== null)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** helmet's camelCase form of PAGE_CSP. */
export function helmetDirectives(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(PAGE_CSP).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

/**
 * Browsers apply form-action to the redirects that follow a form POST. Signing in on the way
 * to /oauth/authorize/ may end in a redirect to the client (consent already given), whose
 * origin is not known yet, so the sign-in page drops form-action in that case only.
 */
export function loginPageCsp(req: FastifyRequest): string | undefined {
  const fields = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown> | undefined;
  const target = fields?.next ?? '';
  return typeof target === 'string' && target.startsWith('/oauth/authorize') ? cspHeader({ 'form-action': null }) : undefined;
}

/**
 * A route whose policy names a `csp` sends it instead of the page default. Read per request
 * (after body parsing), so that it also holds for routes a plugin scope gave a policy.
 */
export function installRouteCsp(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (req, reply, done) => {
    const csp = policyOf(req).csp;
    const value = typeof csp === 'function' ? csp(req) : csp;
    if (value) reply.header('Content-Security-Policy', value);
    done();
  });
}
