import type { FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../common/errors/oauth.error';

export type OAuthParams = Readonly<Record<string, string>>;

const SAFE_NAME = /^[a-z_]{1,40}$/;

/**
 * The parameters of a client-to-server OAuth POST: form-encoded only (RFC 6749 §3.2), each at
 * most once (§3.2), empty ones treated as absent (§3.1), unknown ones kept but never used.
 */
export function readFormParams(req: FastifyRequest): OAuthParams {
  const [mediaType, ...parameters] = (req.headers['content-type'] ?? '')
    .toLowerCase()
    .split(';')
    .map((p) => p.trim());
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw new InvalidRequestError('The request body must be application/x-www-form-urlencoded');
  }
  // The body is read as UTF-8 (RFC 6749 Appendix B): a different charset cannot be honoured.
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new InvalidRequestError('The request body must be UTF-8');
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) {
      throw new InvalidRequestError(SAFE_NAME.test(name) ? `The parameter ${name} is repeated` : 'A parameter is repeated');
    }
    if (typeof value === 'string' && value !== '') out[name] = value;
  }
  return out;
}

export function required(params: OAuthParams, name: string): string {
  const value = params[name];
  if (value === undefined) throw new InvalidRequestError(`The parameter ${name} is missing`);
  return value;
}
