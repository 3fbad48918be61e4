import type { NextFunction, Request, Response } from 'express';

/**
 * Browser-based clients may call these from any origin (they carry no cookies); never the
 * authorization endpoint, whose pages must stay same-origin (CONTRACT §4).
 */
export const OAUTH_CORS_PATHS = /^\/(oauth\/(token|revoke_token|introspect|jwks)\/?|\.well-known\/oauth-authorization-server)$/;

export function setCorsHeaders(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
}

/** Answers CORS preflights and marks responses; mounted only on the paths above (OAuthModule). */
export function oauthCors(req: Request, res: Response, next: NextFunction): void {
  setCorsHeaders(res);
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
}
