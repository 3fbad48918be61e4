import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InvalidScopeError } from '../../common/errors/oauth.error';
import { grantableScopes, parseScope } from './scope';

describe('scope checks', () => {
  it('parses space-separated scope tokens, dropping duplicates', () => {
    assert.deepEqual(parseScope('read  write read'), ['read', 'write']);
    assert.equal(parseScope(undefined), undefined);
  });

  it('refuses characters outside RFC 6749 §3.3', () => {
    assert.throws(() => parseScope('read "write"'), InvalidScopeError);
    assert.throws(() => parseScope('read\\write'), InvalidScopeError);
    assert.throws(() => parseScope('réad'), InvalidScopeError);
  });

  it('grants a subset, defaults to everything allowed, and refuses anything more', () => {
    assert.deepEqual(grantableScopes(['read'], ['read', 'write']), ['read']);
    assert.deepEqual(grantableScopes(undefined, ['read', 'write']), ['read', 'write']);
    assert.throws(() => grantableScopes(['read', 'groups'], ['read', 'write']), InvalidScopeError);
  });
});
