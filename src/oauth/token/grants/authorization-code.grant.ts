import { Injectable } from '@nestjs/common';
import { AuthorizationCodesService } from '../../../tokens/authorization-codes.service';
import { TokenIssuer, TokenResponse } from '../../../tokens/token-issuer.service';
import { checkCodeVerifier } from '../../checks/pkce';
import { InvalidGrantError } from '../../errors/oauth.error';
import { required } from '../form-params';
import type { GrantContext, TokenGrant } from './token-grant';

const INVALID = 'The authorization code is invalid, expired or already used';

/** RFC 6749 §4.1.3 with RFC 7636 PKCE. */
@Injectable()
export class AuthorizationCodeGrant implements TokenGrant {
  readonly grantType = 'authorization_code' as const;

  constructor(private readonly codes: AuthorizationCodesService, private readonly issuer: TokenIssuer) {}

  async handle({ app, params }: GrantContext): Promise<TokenResponse> {
    const code = await this.codes.findByCode(required(params, 'code'));
    // Another client's code is refused without burning it (RFC 9700 §4.5 code injection).
    if (!code || code.applicationId !== app.id) throw new InvalidGrantError(INVALID);
    if (code.usedAt) {
      await this.codes.rejectReplay(code);
      throw new InvalidGrantError(INVALID);
    }
    if (code.expiresAt.getTime() <= Date.now()) throw new InvalidGrantError(INVALID);
    const redirectUri = params.redirect_uri;
    if ((code.redirectUriGiven || redirectUri !== undefined) && redirectUri !== code.redirectUri) {
      throw new InvalidGrantError('redirect_uri does not match the authorization request');
    }
    checkCodeVerifier(code.codeChallenge, code.codeChallengeMethod, params.code_verifier);
    if (!(await this.codes.claim(code.id))) {
      await this.codes.rejectReplay(code);
      throw new InvalidGrantError(INVALID);
    }
    const { response } = await this.issuer.issue({ app, userId: code.userId, scopes: code.scopes, familyId: code.familyId, withRefreshToken: true });
    // A replay that arrived while these tokens were being written found nothing to revoke yet:
    // revoke them now, as if it had come a moment later (the answer stays the first use's).
    if (await this.codes.wasReplayed(code.id)) await this.codes.revokeFamily(code);
    return response;
  }
}
