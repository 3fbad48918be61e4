import { Injectable } from '@nestjs/common';
import type { Application } from '../../applications/application.entity';
import { ApplicationsService } from '../../applications/applications.service';
import { IdTokenHint, IdTokensService } from '../../tokens/id-tokens.service';
import { AuthorizePageError } from '../authorize/authorize-page.error';

const PARAMS = ['id_token_hint', 'post_logout_redirect_uri', 'state', 'client_id'] as const;

/** A checked RP-initiated logout request (OIDC RP-Initiated Logout 1.0 §2). */
export interface LogoutRequest {
  hint: IdTokenHint | null;
  /** Where to send the user afterwards: a URI the application registered, exactly. */
  redirectUri: string | null;
  state?: string;
  /** The request's own parameters, carried through the confirmation form. */
  params: Record<string, string>;
}

const fail = (key: string) => new AuthorizePageError(`oauth.logout.errors.${key}`, 400, 'oauth.logout.errors.title');

/**
 * The logout endpoint's checks. Every problem is a page, never a redirect: a URI is trusted
 * only when the application the hint (or client_id) names registered it exactly.
 */
@Injectable()
export class LogoutService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly idTokens: IdTokensService,
  ) {}

  async parse(raw: Record<string, unknown>): Promise<LogoutRequest> {
    const params: Record<string, string> = {};
    for (const name of PARAMS) {
      const value = raw[name];
      if (Array.isArray(value)) throw fail('repeated');
      if (typeof value === 'string' && value !== '') params[name] = value;
    }
    const hint = params.id_token_hint === undefined ? null : await this.idTokens.verifyHint(params.id_token_hint);
    if (params.id_token_hint !== undefined && !hint) throw fail('badHint');
    if (hint && params.client_id !== undefined && params.client_id !== hint.clientId) throw fail('clientMismatch');
    const clientId = hint?.clientId ?? params.client_id;
    const app = clientId !== undefined && clientId.length <= 256 ? await this.apps.findByClientId(clientId) : null;
    if (clientId !== undefined && !app) throw fail('unknownClient');
    const redirectUri = params.post_logout_redirect_uri ?? null;
    if (redirectUri !== null && !registered(app, redirectUri)) throw fail(app ? 'unregisteredUri' : 'missingClient');
    return { hint, redirectUri, state: params.state, params };
  }

  /** Where the user goes once signed out: the client with its state, or null (our own page). */
  location(req: LogoutRequest): string | null {
    if (!req.redirectUri) return null;
    const url = new URL(req.redirectUri);
    if (req.state !== undefined) url.searchParams.append('state', req.state);
    return url.toString();
  }
}

function registered(app: Application | null, uri: string): boolean {
  return !!app && app.postLogoutRedirectUris.includes(uri);
}
