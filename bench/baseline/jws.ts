/*
 * The baseline's access tokens: hand-written compact JWS (RFC 7515) over node:crypto, no JWT
 * library, on the key file the bench writes and the product imports. The newest key of the algorithm signs; kid = RFC 7638
 * thumbprint; ES256 signatures are the raw r||s pair (RFC 7518 §3.4), not DER.
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Alg = 'ES256' | 'RS256';

interface Key {
  kid: string;
  alg: Alg;
  priv: KeyObject;
  pub: KeyObject;
}

/** The product's key files, `<activeFrom epoch ms>-<alg>.pem`, oldest first. */
function loadKeys(dir: string): Key[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const m = /^(\d{13})-(ES256|RS256)\.pem$/.exec(name);
      if (!m) return [];
      const priv = createPrivateKey(readFileSync(join(dir, name), 'utf8'));
      const pub = createPublicKey(priv);
      const j = pub.export({ format: 'jwk' });
      const members = j.kty === 'EC' ? { crv: j.crv, kty: j.kty, x: j.x, y: j.y } : { e: j.e, kty: j.kty, n: j.n };
      return [{ kid: createHash('sha256').update(JSON.stringify(members)).digest('base64url'), alg: m[2] as Alg, priv, pub }];
    });
}

const keyOpt = (alg: Alg, key: KeyObject) => (alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface AccessTokenJws {
  /** An `at+jwt` over the payload, signed with the newest key of the algorithm. */
  sign(payload: Record<string, unknown>): string;
  /** The claims of a valid, unexpired access token of this issuer; null for anything else. */
  verify(token: string): Record<string, unknown> | null;
}

/** Loads the keys at once; throws when none of the algorithm is there. */
export function accessTokenJws(dir: string, alg: Alg, issuer: string): AccessTokenJws {
  const keys = loadKeys(dir);
  const signingKey = keys.filter((k) => k.alg === alg).pop();
  if (!signingKey) throw new Error(`no ${alg} key in SIGNING_KEYS_DIR`);
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  return {
    sign(payload) {
      const input = `${b64({ alg, typ: 'at+jwt', kid: signingKey.kid })}.${b64(payload)}`;
      return `${input}.${sign('sha256', Buffer.from(input), keyOpt(alg, signingKey.priv)).toString('base64url')}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3 || token.length > 8192) return null;
      try {
        const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: string; typ?: string; kid?: string };
        const key = byKid.get(String(header.kid));
        if (!key || header.alg !== key.alg || !/^(application\/)?at\+jwt$/i.test(header.typ ?? '')) return null;
        if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), keyOpt(key.alg, key.pub), Buffer.from(parts[2], 'base64url'))) return null;
        const p = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Record<string, unknown>;
        if (p.iss !== issuer || p.aud !== issuer || typeof p.jti !== 'string' || typeof p.exp !== 'number' || p.exp * 1000 <= Date.now()) return null;
        return p;
      } catch {
        return null;
      }
    },
  };
}
