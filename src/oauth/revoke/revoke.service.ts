import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../../tokens/access-token-verifier.service';
import { AccessTokensService } from '../../tokens/access-tokens.service';
import { RefreshTokensService } from '../../tokens/refresh-tokens.service';
import { ClientAuthService } from '../client-auth/client-auth.service';
import { readFormParams, required } from '../token/form-params';

/**
 * RFC 7009. The answer is 200 whether or not the token was known, and also for a token of
 * another client, which is left alone (telling them apart would reveal which tokens exist).
 * A refresh token takes its whole family with it: the grant ends.
 */
@Injectable()
export class RevokeService {
  constructor(
    private readonly clientAuth: ClientAuthService,
    private readonly verifier: AccessTokenVerifier,
    private readonly accessTokens: AccessTokensService,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  async revoke(req: FastifyRequest): Promise<void> {
    const params = readFormParams(req);
    const app = await this.clientAuth.authenticate(req, params, { allowPublic: true });
    const token = required(params, 'token');
    // The hint only orders the lookups (§2.1); both kinds are tried.
    const check = await this.verifier.verify(token);
    if (check.ok) {
      if (check.token.applicationId === app.id) await this.accessTokens.revokeByJti(check.token.jti);
      return;
    }
    const refresh = await this.refreshTokens.findByToken(token);
    if (refresh && refresh.applicationId === app.id) await this.refreshTokens.revokeFamilies([refresh.familyId]);
  }
}
