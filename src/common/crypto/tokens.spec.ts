import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { matchesSha256Hex, randomToken, safeEqual, sha256Hex, uuidV7 } from './tokens';

describe('tokens', () => {
  it('randomToken carries at least 256 bits by default and never repeats', () => {
    const a = randomToken();
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, randomToken());
  });
  it('sha256Hex is the standard digest', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('matchesSha256Hex accepts the value of a stored digest only (any case of hex), never a malformed digest', () => {
    const stored = sha256Hex('s3cret');
    assert.equal(matchesSha256Hex('s3cret', stored), true);
    assert.equal(matchesSha256Hex('s3cret', stored.toUpperCase()), true);
    assert.equal(matchesSha256Hex('s3cret!', stored), false);
    assert.equal(matchesSha256Hex('s3cret', stored.slice(0, 62)), false);
    assert.equal(matchesSha256Hex('s3cret', 'zz' + stored.slice(2)), false);
    assert.equal(matchesSha256Hex('', ''), false);
  });

  it('safeEqual tells equal from different, including different lengths', () => {
    assert.equal(safeEqual('secret', 'secret'), true);
    assert.equal(safeEqual('secret', 'secreT'), false);
    assert.equal(safeEqual('secret', 'secret-longer'), false);
    assert.equal(safeEqual('', ''), true);
  });
  it('uuidV7 is an RFC 9562 version 7 UUID: the milliseconds first, then randomness; later ids sort after earlier ones', () => {
    const t = Date.UTC(2026, 10, 23, 12, 0, 0, 123);
    const id = uuidV7(t);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), t);
    assert.notEqual(uuidV7(t), uuidV7(t), 'the same millisecond still gives different ids');
    const later = Array.from({ length: 50 }, (_, i) => uuidV7(t + 1 + i));
    assert.deepEqual([...later].sort(), later);
    assert.ok(later.every((x) => x > id));
  });
});
