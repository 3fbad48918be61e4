import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { KeyEncryption } from './key-encryption';

describe('KeyEncryption', () => {
  const box = new KeyEncryption('a-secret-of-at-least-thirty-two-characters');

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = box.seal('kid-1', '-----BEGIN PRIVATE KEY-----\nabc\n');
    assert.ok(!sealed.includes('PRIVATE'));
    assert.equal(box.open('kid-1', sealed), '-----BEGIN PRIVATE KEY-----\nabc\n');
    assert.notEqual(box.seal('kid-1', 'x'), box.seal('kid-1', 'x'), 'a fresh IV each time');
  });

  it('refuses another secret, another kid, or an altered ciphertext', () => {
    const sealed = box.seal('kid-1', 'private');
    assert.equal(new KeyEncryption('another-secret-of-at-least-thirty-two-chars').open('kid-1', sealed), null);
    assert.equal(box.open('kid-2', sealed), null);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.equal(box.open('kid-1', parts.join('.')), null);
    assert.equal(box.open('kid-1', 'garbage'), null);
  });
});
