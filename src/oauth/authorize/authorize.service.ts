import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../../applications/applications.service';
import { ConsentsService } from '../../tokens/consents.service';
import type { AuditActor } from '../../audit/audit-context';
import { appConfig, AppConfig, oauthConfig, OAuthConfig } from '../../config/configuration';
import { checkIdTokenRequest, parseMaxAge, parseNonce, parsePrompt } from '../checks/oidc-params';
import { parseCodeChallenge } from '../checks/pkce';
import { matchRedirectUri } from '../checks/redirect-uri';
import { grantableScopes, parseScope } from '../checks/scope';
import {
  AccessDeniedError,
  ConsentRequiredError,
  InvalidRequestError,
  LoginRequiredOAuthError,
  OAuthError,
  UnauthorizedClientError,
  UnsupportedResponseTypeError,
} from '../../common/errors/oauth.error';
import type { SessionAuthentication } from '../../accounts/session-user';
import type { AuthorizationGrant } from '../grants/grant';
import { canonicalResponseType, GrantRegistry } from '../grants/registry';
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
    // Disabled by staff: no new authorization (its tokens were revoked with the switch).
    if (app.disabled) throw new AuthorizePageError('oauth.errors.disabledClient');
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
      const responseType = canonicalResponseType(params.response_type ?? '');
      const { descriptor } = this.grantFor(params.response_type === undefined ? undefined : responseType, app.grantTypes);
      const scopes = grantableScopes(parseScope(params.scope), app.scopes);
      const pkce = descriptor.pkce ? parseCodeChallenge(params.code_challenge, params.code_challenge_method) : null;
      // RFC 9700 §2.1.1: PKCE for public clients always, for everyone when the operator says so.
      if (descriptor.pkce && !pkce && (app.clientType === 'public' || this.config.requirePkce)) {
        throw new InvalidRequestError('code_challenge is required');
      }
      const prompt = parsePrompt(params.prompt);
      const [maxAge, nonce] = [parseMaxAge(params.max_age), parseNonce(params.nonce)];
      checkIdTokenRequest(responseType, scopes, nonce);
      return { app, target, redirectUriGiven: params.redirect_uri !== undefined, responseType, scopes, pkce, prompt, maxAge, nonce, params };
    } catch (e) {
      if (e instanceof OAuthError) throw new AuthorizationRedirectError(e, target);
      throw e;
    }
  }

  async needsConsent(userId: number, req: AuthorizationRequest): Promise<boolean> {
    if (req.app.skipConsent) return false;
    return req.prompt.has('consent') || !(await this.consents.covers(userId, req.app.id, req.scopes));
  }

  /**
   * OIDC Core §3.1.2.3: the user must sign in first (again, for `prompt=login`, a `max_age`
   * the sign-in is older than, or a re-authentication asked earlier and not yet done).
   */
  needsSignIn(req: AuthorizationRequest, session: SessionAuthentication | null, now = Date.now()): boolean {
    if (!session || session.reauthRequested || req.prompt.has('login')) return true;
    return req.maxAge !== null && Math.floor(now / 1000) - session.authTime > req.maxAge;
  }

  /**
   * Where the sign-in page sends the user back: this request (`url`), without what asked for
   * the new sign-in (`prompt=login`, `max_age`) or it would ask forever; `login_hint` pre-fills
   * the form.
   */
  signInLocation(req: AuthorizationRequest, url: string): string {
    let next = url;
    if (req.prompt.has('login') || req.maxAge !== null) {
      const back = new URL(url, this.appCfg.issuer);
      back.searchParams.delete('max_age');
      const prompt = [...req.prompt].filter((p) => p !== 'login');
      if (prompt.length > 0) back.searchParams.set('prompt', prompt.join(' '));
      else back.searchParams.delete('prompt');
      next = back.pathname + back.search;
    }
    const hint = req.params.login_hint ? `&login_hint=${encodeURIComponent(req.params.login_hint)}` : '';
    return `/accounts/login/?next=${encodeURIComponent(next)}${hint}`;
  }

  /** `prompt=none` and a page would be needed (OIDC Core §3.1.2.6): the error goes to the client. */
  noInteraction(req: AuthorizationRequest, need: 'login' | 'consent'): AuthorizationRedirectError {
    const error = need === 'login' ? new LoginRequiredOAuthError('The user must sign in') : new ConsentRequiredError('The user must consent');
    return new AuthorizationRedirectError(error, req.target);
  }

  /** The user said yes: remember it and send the code (or, implicit, the token) to the client. */
  async approve(userId: number, session: SessionAuthentication, req: AuthorizationRequest, actor: AuditActor): Promise<string> {
    await this.consents.grant(userId, req.app, req.scopes, actor);
    return this.respond(userId, session, req);
  }

  /** The location that carries the code (or, implicit, the token) back to the client: the grant's answer. */
  async respond(userId: number, session: SessionAuthentication, req: AuthorizationRequest): Promise<string> {
    const grant = this.grants.authorizationGrant(req.responseType)!;
    const { app, responseType, scopes, target, redirectUriGiven, pkce } = req;
    const authentication = { authTime: session.authTime, sid: session.sid, nonce: req.nonce };
    return responseLocation(target, await grant.authorize({ app, userId, responseType, scopes, target, redirectUriGiven, pkce, authentication }));
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
