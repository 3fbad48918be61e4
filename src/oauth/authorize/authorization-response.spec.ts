import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InvalidScopeError } from '../../common/errors/oauth.error';
import { AuthorizationRedirectError, responseLocation } from './authorization-response';

describe('authorization responses', () => {
  const issuer = 'https://as.example';

  it('puts the code in the query, keeping the registered query, with state and iss', () => {
    const loc = responseLocation({ redirectUri: 'https://c.example/cb?app=1', mode: 'query', state: 'a b&c', issuer }, { code: 'xyz' });
    assert.equal(loc, 'https://c.example/cb?app=1&code=xyz&state=a+b%26c&iss=https%3A%2F%2Fas.example');
  });

  it('puts implicit results in the fragment and omits an absent state', () => {
    const loc = responseLocation({ redirectUri: 'https://c.example/cb', mode: 'fragment', issuer }, { access_token: 't' });
    assert.equal(loc, 'https://c.example/cb#access_token=t&iss=https%3A%2F%2Fas.example');
  });

  it('sends errors with their RFC code', () => {
    const err = new AuthorizationRedirectError(new InvalidScopeError('too much'), { redirectUri: 'https://c.example/cb', mode: 'query', state: 's', issuer });
    assert.equal(err.location, 'https://c.example/cb?error=invalid_scope&error_description=too+much&state=s&iss=https%3A%2F%2Fas.example');
  });
});
