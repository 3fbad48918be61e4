import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { randomToken, safeEqual, sha256Hex } from './tokens';

describe('tokens', () => {
  it('randomToken carries at least 256 bits by default and never repeats', () => {
    const a = randomToken();
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, randomToken());
  });
  it('sha256Hex is the standard digest', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('safeEqual tells equal from different, including different lengths', () => {
    assert.equal(safeEqual('secret', 'secret'), true);
    assert.equal(safeEqual('secret', 'secreT'), false);
    assert.equal(safeEqual('secret', 'secret-longer'), false);
    assert.equal(safeEqual('', ''), true);
  });
});
