import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { VerifiedAccessToken } from '../access-token-verifier.service';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { BEARER_STRATEGY } from './bearer.strategy';
import { routeMetadata } from '../../common/web/route-metadata';

export const BEARER_SCOPES = 'bearerScopes';

/**
 * Authenticates the Bearer token (passport), then requires any one of the route's scopes.
 * Failures are OAuthErrors with their RFC 6750 challenge, for the route's filter to write.
 */
@Injectable()
export class BearerGuard extends AuthGuard(BEARER_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthenticator,
  ) {
    super({ session: false, property: 'bearerToken' });
  }

  override getAuthenticateOptions() {
    return { session: false, property: 'bearerToken' };
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const token = context.switchToHttp().getRequest<FastifyRequest>().bearerToken!;
    this.bearer.requireScope(token, routeMetadata<string[]>(this.reflector, BEARER_SCOPES, context) ?? []);
    return true;
  }

  override handleRequest<T = VerifiedAccessToken>(err: unknown, user: T | false): T {
    if (err) throw err;
    // passport-http-bearer found no token at all: the bare challenge (RFC 6750 §3.1).
    if (!user) throw this.bearer.missing();
    return user;
  }
}
