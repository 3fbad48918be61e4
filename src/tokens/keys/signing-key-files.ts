import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
/** The JWS algorithms a signing key may have (JWT_ALGORITHM). */
export type JwtAlgorithm = 'ES256' | 'RS256';

export type PublicJwk = JsonWebKey & { kid: string; alg: JwtAlgorithm; use: 'sig' };

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  /** Epoch ms from which the key signs; published from the moment it is loaded. */
  activeFrom: number;
  /** Null when SIGNING_KEYS_SECRET does not open it: the key still verifies, it cannot sign. */
  privateKey: KeyObject | null;
  publicKey: KeyObject;
  publicJwk: PublicJwk;
}

/** RFC 7638 thumbprint: the kid is derived from the key, so every instance agrees on it. */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** The public half of a key as JWKS publishes it. */
export function publicJwkOf(publicKey: KeyObject, alg: JwtAlgorithm): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

/** A key from its PKCS#8 PEM. */
export function signingKeyFromPem(pem: string, alg: JwtAlgorithm, activeFrom: number): SigningKey & { privateKey: KeyObject } {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const publicJwk = publicJwkOf(publicKey, alg);
  return { kid: publicJwk.kid, alg, activeFrom, privateKey, publicKey, publicJwk };
}

/** A new key pair's private half, PKCS#8 PEM. */
export function generateKeyPem(alg: JwtAlgorithm): string {
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

// Earlier versions kept `<activeFrom epoch ms>-<alg>.pem` files in SIGNING_KEYS_DIR.
const FILE = /^(\d{13})-(ES256|RS256)\.pem$/;

/** The keys of an earlier version's key folder (none when there is no folder), with their PEM. */
export function readKeyFiles(dir: string): Array<{ pem: string; alg: JwtAlgorithm; activeFrom: number }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const m = FILE.exec(name);
      return m ? [{ pem: readFileSync(join(dir, name), 'utf8'), alg: m[2] as JwtAlgorithm, activeFrom: Number(m[1]) }] : [];
    });
}
