import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Application } from '../applications/application.entity';
import { inTransaction } from '../database/transaction';
import { AccessTokensService } from './access-tokens.service';
import type { Confirmation } from './confirmation';
import { Authentication, IdTokensService } from './id-tokens.service';
import { RefreshTokensService } from './refresh-tokens.service';

/** RFC 6749 §5.1 successful token response. */
export interface TokenResponse {
  access_token: string;
  /** DPoP for a DPoP-bound token (RFC 9449 §5). */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  /** OIDC Core §3.1.3.3: with scope openid, when the grant carries a sign-in. */
  id_token?: string;
}

export interface IssueRequest {
  app: Application;
  userId: number | null;
  /** The access token's scopes. */
  scopes: string[];
  /** One grant's tokens share a family, so a replay can revoke them together. */
  familyId: string | null;
  /** Issue a refresh token too (only for a user and an app registered for refresh_token). */
  withRefreshToken: boolean;
  /** The refresh token keeps the scope it was granted with (RFC 6749 §6); defaults to `scopes`. */
  refreshScopes?: string[];
  /** The sign-in behind the grant: with scope `openid`, an ID token comes too. */
  authentication?: Authentication;
  /** Sender constraint of the tokens (RFC 8705 §3, RFC 9449 §5), from the token request. */
  cnf?: Confirmation;
}

/**
 * A refresh token is bound to the certificate (RFC 8705 §3), and to the DPoP key of a public
 * client only: a confidential client's own authentication already protects it (RFC 9449 §5).
 */
function refreshBinding({ cnf, app }: IssueRequest): Confirmation | undefined {
  const bound: Confirmation = {};
  if (cnf?.['x5t#S256']) bound['x5t#S256'] = cnf['x5t#S256'];
  if (cnf?.jkt && app.clientType === 'public') bound.jkt = cnf.jkt;
  return bound['x5t#S256'] || bound.jkt ? bound : undefined;
}

@Injectable()
export class TokenIssuer {
  constructor(
    private readonly accessTokens: AccessTokensService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly idTokens: IdTokensService,
    private readonly dataSource: DataSource,
  ) {}

  /** The tokens of a grant; written through `em` when the caller holds a transaction. */
  async issue(req: IssueRequest, em?: EntityManager): Promise<{ response: TokenResponse; refreshTokenId?: number }> {
    const access = await this.accessTokens.mint(req, em);
    const response: TokenResponse = {
      access_token: access.token,
      token_type: req.cnf?.jkt ? 'DPoP' : 'Bearer',
      expires_in: access.expiresIn,
      scope: req.scopes.join(' '),
    };
    if (req.authentication && req.userId !== null && req.scopes.includes('openid')) {
      response.id_token = this.idTokens.sign({ ...req.authentication, clientId: req.app.clientId, sub: String(req.userId), accessToken: access.token });
    }
    if (!req.withRefreshToken || req.userId === null || !req.familyId || !req.app.grantTypes.includes('refresh_token')) {
      return { response };
    }
    const refresh = await this.refreshTokens.create(
      req.app,
      req.userId,
      req.refreshScopes ?? req.scopes,
      req.familyId,
      access.record.id,
      refreshBinding(req),
      em,
    );
    response.refresh_token = refresh.token;
    return { response, refreshTokenId: refresh.record.id };
  }

  /**
   * A refresh (RFC 6749 §6): the old refresh token is claimed and its successors issued in one
   * transaction, so a failure anywhere (database error, crash) leaves the old token usable and
   * writes nothing. Null when another request claimed it first.
   */
  rotate(refreshTokenId: number, req: IssueRequest): Promise<TokenResponse | null> {
    return inTransaction(this.dataSource, async (em) => {
      if (!(await this.refreshTokens.claimForRotation(refreshTokenId, new Date(), em))) return null;
      const issued = await this.issue(req, em);
      if (issued.refreshTokenId) await this.refreshTokens.setSuccessor(refreshTokenId, issued.refreshTokenId, em);
      return issued.response;
    });
  }
}
