import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../../tokens/access-token-verifier.service';
import type { Confirmation } from '../../tokens/confirmation';
import { RefreshTokensService } from '../../tokens/refresh-tokens.service';
import { ClientAuthService } from '../client-auth/client-auth.service';
import { readFormParams, required } from '../token/form-params';

export type IntrospectionResponse = { active: false } | ({ active: true } & Record<string, string | number | boolean | Confirmation>);

/**
 * RFC 7662. The caller authenticates as a confidential client (§2.1) and sees its own tokens;
 * an application staff marked as a resource server sees every token (CONTRACT §2.4). Revoked,
 * expired, rotated, malformed, other-audience, disabled users' and (for other callers) other
 * clients' tokens all answer just `{"active": false}`.
 */
@Injectable()
export class IntrospectService {
  constructor(
    private readonly clientAuth: ClientAuthService,
    private readonly verifier: AccessTokenVerifier,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  async introspect(req: FastifyRequest): Promise<IntrospectionResponse> {
    const params = readFormParams(req);
    const caller = await this.clientAuth.authenticate(req, params, { allowPublic: false });
    const token = required(params, 'token');
    const maySee = (applicationId: number) => caller.resourceServer || caller.id === applicationId;
    const check = await this.verifier.verify(token);
    if (check.ok) {
      if (!maySee(check.token.applicationId)) return { active: false };
      const t = check.token;
      return {
        active: true,
        token_type: t.cnf?.jkt ? 'DPoP' : 'Bearer',
        scope: t.scopes.join(' '),
        client_id: t.clientId,
        sub: t.sub,
        aud: t.aud,
        iss: t.iss,
        jti: t.jti,
        iat: t.iat,
        exp: t.exp,
        // RFC 8705 §3.2, RFC 9449 §6.2: the resource server checks the binding itself.
        ...(t.cnf ? { cnf: t.cnf } : {}),
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
}
