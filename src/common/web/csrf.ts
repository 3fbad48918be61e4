import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';
import { SKIP_CSRF } from '../decorators/skip-csrf.decorator';
import { FormError } from '../errors/form.error';

// Synchronizer tokens kept in the server-side session (OWASP's preferred pattern); forms send
// `_csrf`, JSON calls the `X-CSRF-Token` header.
const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
  },
  size: 32,
});

export const csrfToken = (req: Request): string => csrf.generateToken(req);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Runs on every unsafe request unless the handler is @SkipCsrf(); a failure is a 403 form error. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_CSRF, [context.getHandler(), context.getClass()])) return true;
    if (req.session && csrf.isRequestValid(req)) return true;
    throw FormError.form('errors.csrf', 403);
  }
}
