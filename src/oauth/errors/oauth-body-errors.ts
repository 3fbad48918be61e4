import type { NextFunction, Request, Response } from 'express';
import { OAUTH_CORS_PATHS, setCorsHeaders } from '../cors';
import { writeOAuthError } from './oauth-error.response';

/** The client-authenticated JSON endpoints, whose every error is RFC 6749 §5.2 JSON. */
export const OAUTH_JSON_PATHS = /^\/oauth\/(token|revoke_token|introspect)\/?$/;

/**
 * Express error middleware for errors raised before a route runs (body-parser: malformed,
 * too large, unsupported charset). Controller filters never see those, so without this they
 * would reach the global page filter and come out in the wrong shape.
 */
export function oauthBodyErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (!OAUTH_JSON_PATHS.test(req.path) || res.headersSent) return next(err);
  if (OAUTH_CORS_PATHS.test(req.path)) setCorsHeaders(res);
  writeOAuthError(res, err);
}
