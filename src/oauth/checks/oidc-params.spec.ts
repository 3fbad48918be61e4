import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '../../common/errors/oauth.error';
import { checkIdTokenRequest, parseMaxAge, parseNonce, parsePrompt } from './oidc-params';

describe('OpenID Connect request parameters', () => {
  it('reads prompt values and refuses unknown ones and none with others', () => {
    assert.deepEqual([...parsePrompt('login consent')], ['login', 'consent']);
    assert.deepEqual([...parsePrompt(undefined)], []);
    assert.throws(() => parsePrompt('select_account'), InvalidRequestError);
    assert.throws(() => parsePrompt('none login'), InvalidRequestError);
  });

  it('takes max_age as whole seconds only', () => {
    assert.equal(parseMaxAge('0'), 0);
    assert.equal(parseMaxAge('3600'), 3600);
    assert.equal(parseMaxAge(undefined), null);
    for (const bad of ['-1', '1.5', 'soon', '1e3', '9999999999']) assert.throws(() => parseMaxAge(bad), InvalidRequestError, bad);
  });

  it('keeps a nonce up to 255 characters', () => {
    assert.equal(parseNonce('n-0S6_WzA2Mj'), 'n-0S6_WzA2Mj');
    assert.throws(() => parseNonce('x'.repeat(256)), InvalidRequestError);
  });

  it('an ID token from the authorization endpoint needs scope openid and a nonce', () => {
    assert.doesNotThrow(() => checkIdTokenRequest('id_token token', ['openid'], 'n'));
    assert.doesNotThrow(() => checkIdTokenRequest('token', ['read'], null));
    assert.throws(() => checkIdTokenRequest('id_token', ['openid'], null), /needs a nonce/);
    assert.throws(() => checkIdTokenRequest('id_token token', ['email'], 'n'), /needs scope openid/);
  });
});
