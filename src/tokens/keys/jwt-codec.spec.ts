import { strict as assert } from 'node:assert';
import { verify as verifySignature } from 'node:crypto';
import { describe, it } from 'node:test';
import { JwtService } from '@nestjs/jwt';
import { JwtCodec } from './jwt-codec.service';
import { generateKeyPem, JwtAlgorithm, signingKeyFromPem } from './signing-key-files';
import type { SigningKeysService } from './signing-keys.service';

const ISSUER = 'https://issuer.example';

function codecWith(alg: JwtAlgorithm) {
  const key = signingKeyFromPem(generateKeyPem(alg), alg, 0);
  const keys = { current: () => key, find: (kid: unknown) => (kid === key.kid ? key : undefined) } as unknown as SigningKeysService;
  return { codec: new JwtCodec(new JwtService(), keys), key };
}

const part = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8')) as Record<string, unknown>;

for (const alg of ['ES256', 'RS256'] as const) {
  describe(`JwtCodec.sign (${alg})`, () => {
    const { codec, key } = codecWith(alg);
    const payload = { iss: ISSUER, sub: '7', aud: ISSUER, jti: 'j-1', iat: 1_700_000_000, exp: 4_000_000_000, cnf: { jkt: 'x' } };

    it('writes the header alg, typ, kid in that order and the claims as given', () => {
      const token = codec.sign('at+jwt', payload);
      assert.equal(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'), JSON.stringify({ alg, typ: 'at+jwt', kid: key.kid }));
      assert.deepEqual(part(token, 1), payload);
    });

    it('signs what a JWS verifier accepts: jsonwebtoken through verify(), and node:crypto on the signing input', () => {
      const token = codec.sign('at+jwt', payload);
      const check = codec.verify(token, { typ: (t) => t === 'at+jwt', issuer: ISSUER, audience: ISSUER });
      assert.ok(check.ok);
      assert.deepEqual(check.payload, payload);
      const [h, p, s] = token.split('.');
      const signature = Buffer.from(s, 'base64url');
      // RFC 7518 §3.4: an ES256 signature is R || S, 64 bytes, never DER.
      assert.equal(signature.length, alg === 'ES256' ? 64 : 256);
      assert.ok(verifySignature('sha256', Buffer.from(`${h}.${p}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature));
    });

    it('adds iat (now, in seconds) when the claims have none', () => {
      const before = Math.floor(Date.now() / 1000);
      const claims = part(codec.sign('JWT', { sub: '7' }), 1);
      assert.equal(claims.sub, '7');
      assert.ok(typeof claims.iat === 'number' && claims.iat >= before && claims.iat <= before + 1);
    });

    it('a changed payload or header no longer verifies', () => {
      const [h, , s] = codec.sign('at+jwt', payload).split('.');
      const forged = Buffer.from(JSON.stringify({ ...payload, sub: '8' })).toString('base64url');
      assert.equal(codec.verify(`${h}.${forged}.${s}`, { typ: () => true, issuer: ISSUER }).ok, false);
      const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT', kid: key.kid })).toString('base64url');
      const [, p2, s2] = codec.sign('at+jwt', payload).split('.');
      assert.equal(codec.verify(`${header}.${p2}.${s2}`, { typ: () => true, issuer: ISSUER }).ok, false);
    });
  });
}
