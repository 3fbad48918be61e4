import { createHmac, KeyObject, sign } from 'node:crypto';

/**
 * A JWS made by hand, not by the product's code: the attack tests forge tokens with it (a
 * wrong typ, another issuer, an expired one, HS256 keyed with the public key).
 */
export function forgeJwt(header: { alg: string; typ?: string; kid?: string }, payload: Record<string, unknown>, key: KeyObject | Buffer): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  if (header.alg === 'HS256')
    return `${input}.${createHmac('sha256', key as Buffer)
      .update(input)
      .digest('base64url')}`;
  // ES256 signatures are the raw r||s pair in JWS (RFC 7518 §3.4), not DER.
  const signer = header.alg === 'ES256' ? { key: key as KeyObject, dsaEncoding: 'ieee-p1363' as const } : (key as KeyObject);
  return `${input}.${sign('sha256', Buffer.from(input), signer).toString('base64url')}`;
}
