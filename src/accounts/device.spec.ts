import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readableDevice } from './device';

describe('readableDevice', () => {
  it('names the browser and the system of a user agent', () => {
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    assert.deepEqual(readableDevice(ua), { browser: 'Safari', os: 'iOS' });
  });

  it('answers null without a user agent or for one it cannot read', () => {
    assert.equal(readableDevice(null), null);
    assert.equal(readableDevice('x'), null);
  });
});
