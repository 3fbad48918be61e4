import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/decorators/public.decorator';
import { SkipCsrf } from '../../common/decorators/skip-csrf.decorator';
import { Policy } from '../../common/web/route-policy';
import type { VerifiedAccessToken } from '../access-token-verifier.service';
import { BEARER_SCOPES, BearerGuard } from './bearer.guard';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by @BearerAuth(): the verified access token. */
    bearerToken?: VerifiedAccessToken;
  }
}

/**
 * `@BearerAuth('read', 'profile')`: the route takes a Bearer access token (never a session, a
 * cookie or a query-string token: it loads no session) holding any one of the listed scopes; no scopes listed = any token.
 */
export const BearerAuth = (...anyOfScopes: string[]) =>
  applyDecorators(SetMetadata(BEARER_SCOPES, anyOfScopes), Public(), SkipCsrf(), Policy({ sessionless: true }), UseGuards(BearerGuard));

/** The verified token of a @BearerAuth() route: `{ userId, clientId, scopes, jti, ... }`. */
export const BearerToken = createParamDecorator((_: unknown, ctx: ExecutionContext): VerifiedAccessToken => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().bearerToken!;
});
