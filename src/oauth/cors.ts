import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Browser-based clients may call these from any origin (they carry no cookies); never the
 * authorization endpoint, whose pages must stay same-origin (CONTRACT §4).
 */
export const OAUTH_CORS_PATHS = /^\/(oauth\/(token|revoke_token|introspect|jwks)\/?|\.well-known\/oauth-authorization-server)$/;

export function setCorsHeaders(reply: FastifyReply): void {
  reply.header('Access-Control-Allow-Origin', '*');
}

/** onRequest hook: answers CORS preflights and marks responses, on the paths above only. */
export function oauthCors(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (!OAUTH_CORS_PATHS.test(req.url.split('?', 1)[0])) return done();
  setCorsHeaders(reply);
  if (req.method !== 'OPTIONS') return done();
  reply
    .header('Access-Control-Allow-Methods', 'GET, POST')
    .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
    .header('Access-Control-Max-Age', '600')
    .status(204)
    .send();
}
