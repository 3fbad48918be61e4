import { KeyObject, sign, verify } from 'node:crypto';

export type JwtAlgorithm = 'ES256' | 'RS256';

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
// ES256 signatures are the raw r||s pair in JWS (RFC 7518 §3.4), not DER.
const keyFor = (alg: JwtAlgorithm, key: KeyObject) => (alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key);

/** A compact JWS (RFC 7515) over a JSON payload. */
export function signJwt(header: JwtHeader & { alg: JwtAlgorithm }, payload: Record<string, unknown>, key: KeyObject): string {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), keyFor(header.alg, key));
  return `${signingInput}.${signature.toString('base64url')}`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Splits and parses a compact JWS without trusting it; null when it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  if (token.length > 8192) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwtHeader;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return null;
  }
}

export function verifyJwtSignature(jwt: DecodedJwt, alg: JwtAlgorithm, key: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), keyFor(alg, key), jwt.signature);
  } catch {
    return false;
  }
}
