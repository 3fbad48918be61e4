import type { Application } from '../../applications/application.entity';
import type { GrantDescriptor } from '../../applications/grant-catalog';
import type { Authentication } from '../../tokens/id-tokens.service';
import type { TokenResponse } from '../../tokens/token-issuer.service';
import type { Confirmation } from '../../tokens/confirmation';
import type { ResponseTarget } from '../authorize/authorization-response';
import type { PkceMethod } from '../checks/pkce';
import type { OAuthParams } from '../token/form-params';

/** A token request, once the client is authenticated and known to be registered for the grant. */
export interface GrantContext {
  app: Application;
  /** The form parameters; those the grant's descriptor requires are present. */
  params: OAuthParams;
  ip: string;
  /** The sender constraint the request proved (client certificate, DPoP key), if any. */
  cnf?: Confirmation;
}

/** An approved authorization request (RFC 6749 §4.1.1, §4.2.1), for the grant its response_type names. */
export interface ApprovedAuthorization {
  app: Application;
  userId: number;
  /** The request's response_type, canonical (registry.ts). */
  responseType: string;
  scopes: string[];
  target: ResponseTarget;
  redirectUriGiven: boolean;
  pkce: { challenge: string; method: PkceMethod } | null;
  /** The sign-in behind the approval and the request's nonce (OpenID Connect). */
  authentication: Authentication;
}

/**
 * One grant type (RFC 6749 §4), one file. It declares itself (`descriptor`: its name, the
 * token endpoint parameters it needs, whether the configuration enables it, its rules for
 * applications) and implements the endpoint(s) it takes part in: `handle` at the token
 * endpoint, `authorize` at the authorization endpoint (the parameters of the redirect).
 */
export interface OAuthGrant {
  readonly descriptor: GrantDescriptor;
  handle?(ctx: GrantContext): Promise<TokenResponse>;
  authorize?(request: ApprovedAuthorization): Promise<Record<string, string>>;
}

export type TokenGrant = OAuthGrant & Required<Pick<OAuthGrant, 'handle'>>;
export type AuthorizationGrant = OAuthGrant & Required<Pick<OAuthGrant, 'authorize'>>;
