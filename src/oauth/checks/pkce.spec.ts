import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InvalidGrantError, InvalidRequestError } from '../../common/errors/oauth.error';
import { checkCodeVerifier, parseCodeChallenge, s256 } from './pkce';

describe('PKCE', () => {
  // RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('computes the RFC 7636 example challenge', () => {
    assert.equal(s256(verifier), challenge);
  });

  it('accepts the right verifier for S256 and plain', () => {
    checkCodeVerifier(challenge, 'S256', verifier);
    checkCodeVerifier(verifier, 'plain', verifier);
  });

  it('refuses a wrong, missing, malformed or downgraded verifier with invalid_grant', () => {
    assert.throws(() => checkCodeVerifier(challenge, 'S256', `${verifier.slice(0, -1)}1`), InvalidGrantError);
    assert.throws(() => checkCodeVerifier(challenge, 'S256', undefined), InvalidGrantError);
    assert.throws(() => checkCodeVerifier(challenge, 'S256', 'short'), InvalidGrantError);
    assert.throws(() => checkCodeVerifier(challenge, 'S256', challenge), InvalidGrantError);
  });

  it('refuses a verifier when the code had no challenge (RFC 9700 §4.8.2)', () => {
    assert.throws(() => checkCodeVerifier(null, null, verifier), InvalidGrantError);
    checkCodeVerifier(null, null, undefined);
  });

  it('checks the authorization request parameters; method defaults to plain', () => {
    assert.deepEqual(parseCodeChallenge(challenge, undefined), { challenge, method: 'plain' });
    assert.deepEqual(parseCodeChallenge(challenge, 'S256'), { challenge, method: 'S256' });
    assert.equal(parseCodeChallenge(undefined, undefined), null);
    assert.throws(() => parseCodeChallenge(undefined, 'S256'), InvalidRequestError);
    assert.throws(() => parseCodeChallenge(challenge, 's256'), InvalidRequestError);
    assert.throws(() => parseCodeChallenge('too-short', 'S256'), InvalidRequestError);
    assert.throws(() => parseCodeChallenge(`${challenge}!`, 'S256'), InvalidRequestError);
  });
});
