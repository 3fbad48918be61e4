import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../../applications/applications.service';
import { ConsentsService } from '../../tokens/consents.service';
import { appConfig, AppConfig, oauthConfig, OAuthConfig } from '../../config/configuration';
import { parseCodeChallenge } from '../checks/pkce';
import { matchRedirectUri } from '../checks/redirect-uri';
import { grantableScopes, parseScope } from '../checks/scope';
import { AccessDeniedError, InvalidRequestError, OAuthError, UnauthorizedClientError, UnsupportedResponseTypeError } from '../../common/errors/oauth.error';
import type { AuthorizationGrant } from '../grants/grant';
import { GrantRegistry } from '../grants/registry';
import { AuthorizationRequest, splitParams } from './authorization-request';
import { AuthorizationRedirectError, responseLocation, ResponseTarget } from './authorization-response';
import { AuthorizePageError } from './authorize-page.error';

/** The authorization endpoint's decisions; the controller only renders and redirects. */
@Injectable()
export class AuthorizeService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly grants: GrantRegistry,
    private readonly consents: ConsentsService,
    @Inject(appConfig.KEY) private readonly appCfg: AppConfig,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {}

  /** Client and redirect URI first (errors shown as a page), then the rest (errors redirected). */
  async parse(raw: Record<string, unknown>): Promise<AuthorizationRequest> {
    const { params, repeated } = splitParams(raw);
    if (repeated.has('client_id') || repeated.has('redirect_uri')) throw new AuthorizePageError('oauth.errors.repeated');
    if (!params.client_id) throw new AuthorizePageError('oauth.errors.missingClient');
    const app = params.client_id.length <= 256 ? await this.apps.findByClientId(params.client_id) : null;
    if (!app) throw new AuthorizePageError('oauth.errors.unknownClient');
    const redirectUri = matchRedirectUri(app.redirectUris, params.redirect_uri);
    if (!redirectUri) throw new AuthorizePageError(params.redirect_uri ? 'oauth.errors.redirectUriMismatch' : 'oauth.errors.redirectUriRequired');
    const target: ResponseTarget = {
      redirectUri,
      mode: this.grants.responseMode(params.response_type),
      state: params.state,
      issuer: this.appCfg.issuer,
    };
    try {
      if (repeated.size > 0) throw new InvalidRequestError(`The parameter ${[...repeated][0]} is repeated`);
      const { descriptor } = this.grantFor(params.response_type, app.grantTypes);
      const responseType = descriptor.responseType!;
      const scopes = grantableScopes(parseScope(params.scope), app.scopes);
      const pkce = descriptor.pkce ? parseCodeChallenge(params.code_challenge, params.code_challenge_method) : null;
      // RFC 9700 §2.1.1: PKCE for public clients always, for everyone when the operator says so.
      if (descriptor.pkce && !pkce && (app.clientType === 'public' || this.config.requirePkce)) {
        throw new InvalidRequestError('code_challenge is required');
      }
      const forceConsent = (params.prompt ?? '').split(' ').includes('consent');
      return { app, target, redirectUriGiven: params.redirect_uri !== undefined, responseType, scopes, pkce, forceConsent, params };
    } catch (e) {
      if (e instanceof OAuthError) throw new AuthorizationRedirectError(e, target);
      throw e;
    }
  }

  async needsConsent(userId: number, req: AuthorizationRequest): Promise<boolean> {
    if (req.app.skipConsent) return false;
    return req.forceConsent || !(await this.consents.covers(userId, req.app.id, req.scopes));
  }

  /** The user said yes: remember it and send the code (or, implicit, the token) to the client. */
  async approve(userId: number, req: AuthorizationRequest): Promise<string> {
    await this.consents.grant(userId, req.app.id, req.scopes);
    return this.respond(userId, req);
  }

  /** The location that carries the code (or, implicit, the token) back to the client: the grant's answer. */
  async respond(userId: number, req: AuthorizationRequest): Promise<string> {
    const grant = this.grants.authorizationGrant(req.responseType)!;
    const { app, scopes, target, redirectUriGiven, pkce } = req;
    return responseLocation(target, await grant.authorize({ app, userId, scopes, target, redirectUriGiven, pkce }));
  }

  deny(req: AuthorizationRequest): string {
    return new AuthorizationRedirectError(new AccessDeniedError('The user denied the request'), req.target).location;
  }

  /** The grant the response_type starts: enabled, and one the client is registered for. */
  private grantFor(responseType: string | undefined, registered: string[]): AuthorizationGrant {
    if (responseType === undefined) throw new InvalidRequestError('The parameter response_type is missing');
    const grant = this.grants.authorizationGrant(responseType);
    if (!grant) throw new UnsupportedResponseTypeError('The response type is not supported');
    if (!registered.includes(grant.descriptor.type)) throw new UnauthorizedClientError(`The client is not registered for the ${grant.descriptor.type} grant`);
    return grant;
  }
}
