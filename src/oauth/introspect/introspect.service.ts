import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../../tokens/access-token-verifier.service';
import { BearerAuthenticator } from '../../tokens/bearer/bearer-authenticator.service';
import { RefreshTokensService } from '../../tokens/refresh-tokens.service';
import { ClientAuthService } from '../client-auth/client-auth.service';
import { OAuthParams, readFormParams, required } from '../token/form-params';

export const INTROSPECTION_SCOPE = 'introspection';

/** Who may see a token: a confidential client its own tokens; an `introspection` bearer any token. */
type Caller = { applicationId: number } | { anyToken: true };

export type IntrospectionResponse = { active: false } | ({ active: true } & Record<string, string | number | boolean>);

/**
 * RFC 7662. Revoked, expired, rotated, malformed, other-audience and other clients' tokens all
 * answer just `{"active": false}`.
 */
@Injectable()
export class IntrospectService {
  constructor(
    private readonly clientAuth: ClientAuthService,
    private readonly verifier: AccessTokenVerifier,
    private readonly bearer: BearerAuthenticator,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  async introspect(req: FastifyRequest): Promise<IntrospectionResponse> {
    const params = readFormParams(req);
    const caller = await this.caller(req, params);
    const token = required(params, 'token');
    const maySee = (applicationId: number) => 'anyToken' in caller || caller.applicationId === applicationId;
    const check = await this.verifier.verify(token);
    if (check.ok) {
      if (!maySee(check.token.applicationId)) return { active: false };
      const t = check.token;
      return {
        active: true,
        token_type: 'Bearer',
        scope: t.scopes.join(' '),
        client_id: t.clientId,
        sub: t.sub,
        aud: t.aud,
        iss: t.iss,
        jti: t.jti,
        iat: t.iat,
        exp: t.exp,
      };
    }
    const refresh = await this.refreshTokens.findByToken(token, { withClientAndUser: true });
    const live = refresh && !refresh.revokedAt && !refresh.rotatedAt && refresh.expiresAt.getTime() > Date.now() && refresh.user?.isActive;
    if (!live || !maySee(refresh.applicationId)) {
      return { active: false };
    }
    return {
      active: true,
      token_type: 'refresh_token',
      scope: refresh.scopes.join(' '),
      client_id: refresh.application!.clientId,
      sub: String(refresh.userId),
      iat: Math.floor(refresh.createdAt.getTime() / 1000),
      exp: Math.floor(refresh.expiresAt.getTime() / 1000),
    };
  }

  private async caller(req: FastifyRequest, params: OAuthParams): Promise<Caller> {
    const auth = req.headers.authorization;
    if (!BearerAuthenticator.isBearer(auth)) return { applicationId: (await this.clientAuth.authenticate(req, params, { allowPublic: false })).id };
    const token = await this.bearer.authenticate(BearerAuthenticator.tokenOf(auth));
    this.bearer.requireScope(token, [INTROSPECTION_SCOPE]);
    return { anyToken: true };
  }
}
