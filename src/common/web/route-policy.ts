import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

/**
 * What the server does around a route, declared on the route itself (Fastify route config)
 * and read by the hooks: no hook decides by looking at the path. A route that declares
 * nothing is a page: session, signed-in user, language cookie, the strict page CSP.
 */
export interface RoutePolicy {
  /** No session, cookie or page state: client-authenticated and bearer endpoints, files. */
  sessionless?: boolean;
  /** Callable from any origin (it relies on no cookie); CORS preflights are answered. */
  cors?: boolean;
  /** Every error, those raised before the handler included (body parsing), as RFC 6749 §5.2 JSON. */
  oauthErrors?: boolean;
  /** A Content-Security-Policy instead of the page default: a header value, or one per request (undefined keeps the default). */
  csp?: string | ((req: FastifyRequest) => string | undefined);
  /** Served even while the server sheds load (health checks). */
  neverShed?: boolean;
  /** Successful requests are not logged (health checks). */
  quietLog?: boolean;
  /** The path carries a secret (an e-mail link's token): logs show the route only up to its first parameter. */
  secretInPath?: boolean;
}

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RoutePolicy {}

  interface FastifyRequest {
    /** The route's policy, once read (policyOf). */
    routePolicy: RoutePolicy | null;
  }
}

/**
 * The policy the matched route declares ({} for unknown paths), read once per request: Fastify
 * builds a new `routeOptions` object on every access, and several hooks ask.
 */
export function policyOf(req: FastifyRequest): RoutePolicy {
  return (req.routePolicy ??= req.routeOptions.config ?? {});
}

/** Gives every request the slot policyOf() fills (a stable object shape). */
export function installRoutePolicy(fastify: FastifyInstance): void {
  fastify.decorateRequest('routePolicy', null);
}

function mergeInto(handler: object, policy: RoutePolicy, handlerWins: boolean): void {
  const declared = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as RoutePolicy;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handlerWins ? { ...policy, ...declared } : { ...declared, ...policy }, handler);
}

/**
 * `@Policy({ sessionless: true })` on a Nest route handler, or on a controller for all of its
 * handlers (a handler's own declaration wins). Decorators stack: each adds to the route config.
 */
export function Policy(policy: RoutePolicy): ClassDecorator & MethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) return mergeInto(descriptor.value as object, policy, false);
    const proto = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name !== 'constructor' && typeof value === 'function') mergeInto(value, policy, true);
    }
  }) as ClassDecorator & MethodDecorator;
}

/**
 * Registers routes that are not Nest handlers (a plugin's files) with a policy: every route
 * added inside `register`'s encapsulated scope gets it. The scope's `onRoute` hook runs after
 * the root's, so such a policy reaches the per-request hooks (sessions, CSP, CORS headers,
 * logging) but not what is decided when a route is registered (the CORS preflight twin, the
 * OAuth error handler): those are for Nest handlers.
 */
export async function withPolicy(fastify: FastifyInstance, policy: RoutePolicy, register: (scope: FastifyInstance) => unknown): Promise<void> {
  await fastify.register(async (scope) => {
    scope.addHook('onRoute', (route: RouteOptions) => {
      route.config = { ...policy, ...route.config };
    });
    await register(scope);
  });
}
