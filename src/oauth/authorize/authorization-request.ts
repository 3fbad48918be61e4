import type { Application } from '../../applications/application.entity';
import type { Prompt } from '../checks/oidc-params';
import type { PkceMethod } from '../checks/pkce';
import type { ResponseTarget } from './authorization-response';

/** A checked authorization request (RFC 6749 §4.1.1, §4.2.1, RFC 7636 §4.3). */
export interface AuthorizationRequest {
  app: Application;
  target: ResponseTarget;
  redirectUriGiven: boolean;
  /** The response_type, its names in alphabetical order (code, token, id_token, id_token token). */
  responseType: string;
  scopes: string[];
  pkce: { challenge: string; method: PkceMethod } | null;
  /** OIDC Core §3.1.2.1: `none` (no page), `login` (sign in again), `consent` (ask again). */
  prompt: ReadonlySet<Prompt>;
  /** OIDC `max_age` (seconds): sign in again when the sign-in is older. */
  maxAge: number | null;
  nonce: string | null;
  /** The request's own parameters, carried through the consent form unchanged. */
  params: Record<string, string>;
}

export const AUTHORIZE_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'nonce',
  'max_age',
  'login_hint',
];

/** Single-valued parameters, and the names of those given more than once (RFC 6749 §3.1). */
export function splitParams(raw: Record<string, unknown>): { params: Record<string, string>; repeated: Set<string> } {
  const params: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const name of AUTHORIZE_PARAMS) {
    const value = raw[name];
    if (Array.isArray(value)) repeated.add(name);
    else if (typeof value === 'string' && value !== '') params[name] = value;
  }
  return { params, repeated };
}
