import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

type RouteHook = (req: FastifyRequest, reply: FastifyReply, done: () => void) => void;

/**
 * Adds `hook` to the `stage` hooks of every route registered from now on whose URL matches
 * `path`, after the route's own: a hook for a few routes that the others never run.
 */
export function addRouteHook(fastify: FastifyInstance, path: RegExp, stage: 'onRequest' | 'preHandler', hook: RouteHook): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (path.test(route.url)) route[stage] = [...[route[stage] ?? []].flat(), hook] as never;
  });
}
