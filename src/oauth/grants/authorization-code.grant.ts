import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AuthorizationCode } from '../../tokens/authorization-code.entity';
import { AuthorizationCodesService } from '../../tokens/authorization-codes.service';
import { TokenIssuer, TokenResponse } from '../../tokens/token-issuer.service';
import { checkCodeVerifier } from '../checks/pkce';
import { InvalidGrantError } from '../../common/errors/oauth.error';
import type { ApprovedAuthorization, GrantContext, OAuthGrant } from './grant';

const INVALID = 'The authorization code is invalid, expired or already used';

/** RFC 6749 §4.1 with RFC 7636 PKCE: a code at the redirect URI, exchanged at the token endpoint. */
@Injectable()
export class AuthorizationCodeGrant implements OAuthGrant {
  static readonly descriptor = {
    type: 'authorization_code',
    requiredParams: ['code'],
    enabled: () => true,
    responseTypes: ['code'],
    responseMode: 'query',
    pkce: true,
    redirects: true,
  } as const;
  readonly descriptor = AuthorizationCodeGrant.descriptor;

  constructor(
    private readonly codes: AuthorizationCodesService,
    private readonly issuer: TokenIssuer,
    private readonly audit: AuditService,
  ) {}

  /** §4.1.2: the code, bound to the client, the redirect URI and the PKCE challenge. */
  async authorize(req: ApprovedAuthorization): Promise<Record<string, string>> {
    const code = await this.codes.create({
      app: req.app,
      userId: req.userId,
      redirectUri: req.target.redirectUri,
      redirectUriGiven: req.redirectUriGiven,
      scopes: req.scopes,
      codeChallenge: req.pkce?.challenge ?? null,
      codeChallengeMethod: req.pkce?.method ?? null,
      authentication: req.authentication,
    });
    return { code };
  }

  /** §4.1.3. */
  async handle({ app, params, cnf, ip }: GrantContext): Promise<TokenResponse> {
    const code = await this.codes.findByCode(params.code);
    // Another client's code is refused without burning it (RFC 9700 §4.5 code injection).
    if (!code || code.applicationId !== app.id) throw new InvalidGrantError(INVALID);
    if (code.usedAt) {
      await this.rejectReplay(code, app.clientId, ip);
      throw new InvalidGrantError(INVALID);
    }
    if (code.expiresAt.getTime() <= Date.now()) throw new InvalidGrantError(INVALID);
    const redirectUri = params.redirect_uri;
    if ((code.redirectUriGiven || redirectUri !== undefined) && redirectUri !== code.redirectUri) {
      throw new InvalidGrantError('redirect_uri does not match the authorization request');
    }
    checkCodeVerifier(code.codeChallenge, code.codeChallengeMethod, params.code_verifier);
    if (!(await this.codes.claim(code.id))) {
      await this.rejectReplay(code, app.clientId, ip);
      throw new InvalidGrantError(INVALID);
    }
    const authentication = code.authTime !== null && code.sid !== null ? { authTime: code.authTime, sid: code.sid, nonce: code.nonce } : undefined;
    const { response } = await this.issuer.issue({
      app,
      userId: code.userId,
      scopes: code.scopes,
      familyId: code.familyId,
      withRefreshToken: true,
      authentication,
      cnf,
    });
    // A replay that arrived while these tokens were being written found nothing to revoke yet:
    // revoke them now, as if it had come a moment later (the answer stays the first use's).
    if (await this.codes.wasReplayed(code.id)) await this.codes.revokeFamily(code);
    return response;
  }

  private async rejectReplay(code: AuthorizationCode, clientId: string, ip: string): Promise<void> {
    await this.codes.rejectReplay(code);
    await this.audit.record({ ip, userAgent: null }, { type: 'code.reuse_detected', userId: code.userId, clientId });
  }
}
