import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { policyOf } from './route-policy';

const PREFLIGHT_METHODS = new Set(['GET', 'POST']);

/**
 * CORS for the routes whose policy says `cors`: any origin may call them (they carry no
 * cookies; the authorization endpoint stays same-origin: docs/PROTOCOL.md §5). Each such route gets
 * an OPTIONS twin that answers the preflight.
 */
export function installCors(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (!route.config?.cors || !methods.some((m) => PREFLIGHT_METHODS.has(m))) return;
    if (fastify.hasRoute({ method: 'OPTIONS', url: route.url })) return;
    fastify.route({ method: 'OPTIONS', url: route.url, config: { ...route.config }, handler: preflight });
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    // A browser client reads the server's DPoP nonce (RFC 9449 §8) and the challenges.
    if (policyOf(req).cors) reply.header('Access-Control-Allow-Origin', '*').header('Access-Control-Expose-Headers', 'DPoP-Nonce, WWW-Authenticate');
    done();
  });
}

function preflight(_req: FastifyRequest, reply: FastifyReply): void {
  reply
    .header('Access-Control-Allow-Methods', 'GET, POST')
    .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, DPoP')
    .header('Access-Control-Max-Age', '600')
    .status(204)
    .send();
}
