import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a good password with a matching confirmation', () => {
    assert.deepEqual(passwordProblems('correct horse battery', 'correct horse battery', 'alice'), {});
  });
  it('reports a mismatched confirmation on the confirmation field', () => {
    assert.deepEqual(passwordProblems('correct horse battery', 'correct horse batterY'), { password2: 'validation.passwordMismatch' });
  });
  it('refuses common passwords and the username itself', () => {
    assert.deepEqual(passwordProblems('Password123', 'Password123'), { password: 'validation.passwordTooCommon' });
    assert.deepEqual(passwordProblems('AliceSmith', 'AliceSmith', 'alicesmith'), { password: 'validation.passwordTooCommon' });
  });
});
