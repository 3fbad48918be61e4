import type { Application, GrantType } from '../../../applications/application.entity';
import type { TokenResponse } from '../../../tokens/token-issuer.service';
import type { OAuthParams } from '../form-params';

export interface GrantContext {
  /** The authenticated client, already known to be registered for this grant type. */
  app: Application;
  params: OAuthParams;
  ip: string;
}

/** One grant type of the token endpoint (RFC 6749 §4); one implementation per file. */
export interface TokenGrant {
  readonly grantType: GrantType;
  handle(ctx: GrantContext): Promise<TokenResponse>;
}
