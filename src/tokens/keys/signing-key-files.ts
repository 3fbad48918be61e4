import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
/** The JWS algorithms a signing key may have (JWT_ALGORITHM). */
export type JwtAlgorithm = 'ES256' | 'RS256';

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  /** Epoch ms from which the key signs; published from the moment it is loaded. */
  activeFrom: number;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string; alg: JwtAlgorithm; use: 'sig' };
}

// `<activeFrom epoch ms>-<alg>.pem`: sorting the names sorts the keys by age.
const FILE = /^(\d{13})-(ES256|RS256)\.pem$/;

/** RFC 7638 thumbprint: the kid is derived from the key, so every instance agrees on it. */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function toSigningKey(pem: string, alg: JwtAlgorithm, activeFrom: number): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = thumbprint(jwk);
  return { kid, alg, activeFrom, privateKey, publicKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

export function readSigningKeys(dir: string): SigningKey[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const m = FILE.exec(name);
      return m ? [toSigningKey(readFileSync(join(dir, name), 'utf8'), m[2] as JwtAlgorithm, Number(m[1]))] : [];
    });
}

/** Generates a key pair and keeps the private half (PKCS#8 PEM, mode 0600) in `dir`. */
export function writeSigningKey(dir: string, alg: JwtAlgorithm, activeFrom = Date.now()): SigningKey {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  writeFileSync(join(dir, `${activeFrom}-${alg}.pem`), pem, { mode: 0o600, flag: 'wx' });
  return toSigningKey(pem, alg, activeFrom);
}
