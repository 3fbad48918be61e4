import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { oauthCors } from './cors';
import { writeOAuthError } from './errors/oauth-error.response';

/** The client-authenticated JSON endpoints, whose every error is RFC 6749 §5.2 JSON. */
const OAUTH_JSON_PATHS = /^\/oauth\/(token|revoke_token|introspect)\/?$/;

/**
 * What the protocol endpoints need from the HTTP server itself: CORS, and OAuth errors for
 * what fails before a route runs (a malformed, too large or wrongly typed body), which the
 * controllers' filters never see and which would otherwise come out as a page error.
 */
export function installOAuthRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', oauthCors);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (OAUTH_JSON_PATHS.test(route.url)) route.errorHandler = oauthBodyError;
  });
}

function oauthBodyError(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  writeOAuthError(reply, error);
}
