import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import Tokens from '@fastify/csrf';
import type { FastifyRequest } from 'fastify';
import { SKIP_CSRF } from '../decorators/skip-csrf.decorator';
import { FormError } from '../errors/form.error';
import { appConfig, AppConfig } from '../../config/configuration';
import { untrustedTlsProxy } from './proxy-trap';
import { routeMetadata } from './route-metadata';

// Synchronizer tokens (OWASP's preferred pattern): a secret in the server-side session, and
// salted tokens derived from it in each page (a new one per page: nothing for BREACH to
// compare), checked in constant time. Forms send `_csrf`, JSON calls the `X-CSRF-Token` header.
const tokens = new Tokens({ secretLength: 32 });

/** A token for the page; creates the session's secret (and so the session) if there is none. */
export function csrfToken(req: FastifyRequest): string {
  req.session.csrfSecret ??= tokens.secretSync();
  return tokens.create(req.session.csrfSecret);
}

function sentToken(req: FastifyRequest): string | undefined {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  const fromHeader = req.headers['x-csrf-token'];
  return typeof fromBody === 'string' ? fromBody : typeof fromHeader === 'string' ? fromHeader : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Runs on every unsafe request unless the handler is @SkipCsrf(); a failure is a 403 form error. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (routeMetadata<boolean>(this.reflector, SKIP_CSRF, context)) return true;
    const secret = req.session?.csrfSecret;
    const token = sentToken(req);
    if (secret && token && tokens.verify(secret, token)) return true;
    // Behind a TLS proxy that is not trusted, the session cookie never comes back: say what to set.
    if (untrustedTlsProxy(req, this.config.issuer)) throw new FormError({}, ['errors.csrf', 'errors.trustProxy'], 'csrf_failed');
    throw FormError.form('errors.csrf', 'csrf_failed');
  }
}
