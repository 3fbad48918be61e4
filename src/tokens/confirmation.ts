import { createHash, type X509Certificate } from 'node:crypto';
import { safeEqual } from '../common/crypto/tokens';

/**
 * RFC 7800 `cnf`: what a sender-constrained token is bound to. `x5t#S256`: the client
 * certificate (RFC 8705 §3.1); `jkt`: the DPoP key (RFC 9449 §6.1).
 */
export interface Confirmation {
  'x5t#S256'?: string;
  jkt?: string;
}

/** RFC 8705 §3.1: base64url SHA-256 of the DER certificate. */
export const certificateThumbprint = (cert: X509Certificate): string => createHash('sha256').update(cert.raw).digest('base64url');

/** Every binding `required` names is met by `presented` (constant-time compares). */
export function confirms(required: Confirmation, presented: Confirmation | undefined): boolean {
  return (Object.keys(required) as Array<keyof Confirmation>).every((k) => presented?.[k] !== undefined && safeEqual(presented[k], required[k]!));
}

/** The `cnf` claim of a verified JWT, when it is one we issue. */
export function confirmationClaim(value: unknown): Confirmation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { 'x5t#S256': x5t, jkt } = value as Record<string, unknown>;
  const cnf: Confirmation = {};
  if (typeof x5t === 'string') cnf['x5t#S256'] = x5t;
  if (typeof jkt === 'string') cnf.jkt = jkt;
  return cnf['x5t#S256'] || cnf.jkt ? cnf : undefined;
}
