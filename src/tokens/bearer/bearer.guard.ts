import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VerifiedAccessToken } from '../access-token-verifier.service';
import { bearerChallenge, InsufficientScopeError, InvalidBearerTokenError } from './bearer-errors';
import { BEARER_STRATEGY } from './bearer.strategy';

export const BEARER_SCOPES = 'bearerScopes';

/**
 * Authenticates the Bearer token, then requires any one of the route's scopes. Errors carry
 * their RFC 6750 challenge, written here so any exception filter answers correctly.
 */
@Injectable()
export class BearerGuard extends AuthGuard(BEARER_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super({ session: false, property: 'bearerToken' });
  }

  override getAuthenticateOptions() {
    return { session: false, property: 'bearerToken' };
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const res = context.switchToHttp().getResponse<FastifyReply>();
    try {
      await super.canActivate(context);
    } catch (e) {
      if (e instanceof InvalidBearerTokenError) res.header('WWW-Authenticate', e.challenge);
      throw e;
    }
    const token = context.switchToHttp().getRequest<FastifyRequest>().bearerToken!;
    const needed = this.reflector.getAllAndOverride<string[]>(BEARER_SCOPES, [context.getHandler(), context.getClass()]) ?? [];
    if (needed.length > 0 && !needed.some((s) => token.scopes.includes(s))) {
      const challenge = bearerChallenge('insufficient_scope', undefined, needed.join(' '));
      res.header('WWW-Authenticate', challenge);
      throw new InsufficientScopeError(challenge, needed.join(' '));
    }
    return true;
  }

  override handleRequest<T = VerifiedAccessToken>(err: unknown, user: T | false): T {
    if (err) throw err;
    // passport-http-bearer found no token at all: a bare challenge (RFC 6750 §3.1).
    if (!user) throw new InvalidBearerTokenError(bearerChallenge(), 'An access token is required');
    return user;
  }
}
