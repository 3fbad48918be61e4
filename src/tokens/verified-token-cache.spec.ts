import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SigningKey } from './keys/signing-key-files';
import { VerifiedTokenCache } from './verified-token-cache';

const key = (kid: string) => ({ kid }) as SigningKey;
const always = () => true;

describe('VerifiedTokenCache', () => {
  it('keys entries by the SHA-256 of the token, never the token itself', () => {
    const cache = new VerifiedTokenCache<string>(10);
    const digest = cache.digest('header.payload.signature');
    assert.equal(digest, 'JW0E205eSsMIdR7QiFtyK3WGMFZ8U6cSXtn70Gjlw_Y');
    assert.notEqual(cache.digest('header.payload.signaturf'), digest);
  });

  it('answers only before the expiry it was given, then forgets the entry', () => {
    const cache = new VerifiedTokenCache<string>(10);
    const k = key('a');
    cache.set('d', 'claims', k, 2000);
    assert.equal(cache.get('d', 1999, always), 'claims');
    assert.equal(cache.get('d', 2000, always), undefined);
    assert.equal(cache.size, 0);
  });

  it('answers only while the key that verified the entry is still published', () => {
    const cache = new VerifiedTokenCache<string>(10);
    const published = new Set<SigningKey>();
    const k = key('a');
    published.add(k);
    cache.set('d', 'claims', k, Infinity);
    assert.equal(
      cache.get('d', 0, (x) => published.has(x)),
      'claims',
    );
    published.delete(k);
    assert.equal(
      cache.get('d', 0, (x) => published.has(x)),
      undefined,
    );
    assert.equal(cache.size, 0);
  });

  it('forgetKey drops every entry of a removed key and keeps the others', () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set('1', 'one', key('a'), Infinity);
    cache.set('2', 'two', key('b'), Infinity);
    cache.set('3', 'three', key('a'), Infinity);
    cache.forgetKey('a');
    assert.deepEqual(
      ['1', '2', '3'].map((d) => cache.get(d, 0, always)),
      [undefined, 'two', undefined],
    );
  });

  it('holds at most max entries, dropping the oldest first; max 0 holds nothing', () => {
    const cache = new VerifiedTokenCache<number>(3);
    for (let i = 0; i < 5; i++) cache.set(String(i), i, key('a'), Infinity);
    assert.equal(cache.size, 3);
    assert.deepEqual(
      ['0', '1', '2', '3', '4'].map((d) => cache.get(d, 0, always)),
      [undefined, undefined, 2, 3, 4],
    );
    const off = new VerifiedTokenCache<number>(0);
    off.set('x', 1, key('a'), Infinity);
    assert.equal(off.get('x', 0, always), undefined);
  });
});
