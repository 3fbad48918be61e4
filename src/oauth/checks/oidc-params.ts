import { InvalidRequestError } from '../../common/errors/oauth.error';

export const PROMPTS = ['none', 'login', 'consent'] as const;
export type Prompt = (typeof PROMPTS)[number];

/** OIDC Core §3.1.2.1 `prompt`: the values we support; `none` only alone. */
export function parsePrompt(raw: string | undefined): ReadonlySet<Prompt> {
  const values = (raw ?? '').split(' ').filter(Boolean);
  const unknown = values.find((v) => !(PROMPTS as readonly string[]).includes(v));
  if (unknown !== undefined) throw new InvalidRequestError(`The prompt value ${unknown.slice(0, 40)} is not supported`);
  if (values.includes('none') && values.length > 1) throw new InvalidRequestError('prompt=none cannot be combined with other values');
  return new Set(values as Prompt[]);
}

/** OIDC Core §3.1.2.1 `max_age`: a whole number of seconds, or absent. */
export function parseMaxAge(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (!/^\d{1,9}$/.test(raw)) throw new InvalidRequestError('max_age must be a whole number of seconds');
  return Number(raw);
}

/**
 * OIDC Core §3.2.2.1: a response type that returns an ID token straight from the
 * authorization endpoint needs scope openid, and a nonce (the only replay protection there).
 */
export function checkIdTokenRequest(responseType: string, scopes: readonly string[], nonce: string | null): void {
  if (!responseType.split(' ').includes('id_token')) return;
  if (!scopes.includes('openid')) throw new InvalidRequestError('response_type id_token needs scope openid');
  if (nonce === null) throw new InvalidRequestError('response_type id_token needs a nonce');
}

/** `nonce`: opaque, echoed in the ID token; kept short enough to store. */
export function parseNonce(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.length > 255) throw new InvalidRequestError('nonce is too long');
  return raw;
}
