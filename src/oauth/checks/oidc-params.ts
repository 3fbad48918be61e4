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

/** `nonce`: opaque, echoed in the ID token; kept short enough to store. */
export function parseNonce(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.length > 255) throw new InvalidRequestError('nonce is too long');
  return raw;
}
