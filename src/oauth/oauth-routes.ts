import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { writeOAuthError } from './errors/oauth-error.response';

/**
 * Routes whose policy says `oauthErrors` answer what fails before the handler runs (a
 * malformed, too large or wrongly typed body) as RFC 6749 §5.2 JSON too: the controllers'
 * filters never see those errors, which would otherwise come out as a page error.
 */
export function installOAuthErrorRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.oauthErrors) route.errorHandler = oauthBodyError;
  });
}

function oauthBodyError(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  writeOAuthError(reply, error);
}
