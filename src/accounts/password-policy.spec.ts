import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { passwordProblems, weakPasswordProblem } from './password-policy';

const alice = { username: 'alice_w', email: 'Alice.Wong@example.com' };

describe('passwordProblems', () => {
  it('accepts a good password with a matching confirmation', () => {
    assert.deepEqual(passwordProblems('correct horse battery', 'correct horse battery', alice), {});
  });

  it('reports a mismatched confirmation on the confirmation field', () => {
    assert.deepEqual(passwordProblems('correct horse battery', 'correct horse batterY'), { password2: 'validation.passwordMismatch' });
  });

  it('reports a weak password on the given field', () => {
    assert.deepEqual(passwordProblems('aaaaaaaa', 'aaaaaaaa', {}, 'new_password1', 'new_password2'), { new_password1: 'validation.passwordTooCommon' });
  });
});

describe('weakPasswordProblem', () => {
  it('refuses repeats, keyboard rows, words and dates that pass the length rule', () => {
    for (const p of ['aaaaaaaa', 'qwertyui', 'Password1!', 'iloveyou2', 'monkey123', 'abcdefgh', '19901231', 'zxcvbnm,./']) {
      assert.equal(weakPasswordProblem(p, {}), 'validation.passwordTooCommon', p);
    }
  });

  it('refuses every password of the former common list, the pinyin ones included', () => {
    const former = ['password123', '1234567890', 'qwerty123', 'admin123', 'welcome1', '1qaz2wsx', 'woaini1314', 'qq123456', '5201314520', '88888888'];
    for (const p of former) assert.equal(weakPasswordProblem(p, {}), 'validation.passwordTooCommon', p);
  });

  it('refuses a password that contains the username or the name part of the e-mail, in any letter case', () => {
    assert.equal(weakPasswordProblem('my Alice_W rocks 77', alice), 'validation.passwordContainsName');
    assert.equal(weakPasswordProblem('alice.wong@example.com', alice), 'validation.passwordContainsName');
    assert.equal(weakPasswordProblem('xx ALICE.WONG xx 93', alice), 'validation.passwordContainsName');
    // The same password is fine for someone else.
    assert.equal(weakPasswordProblem('my Alice_W rocks 77', { username: 'bob', email: 'bob@example.com' }), null);
  });

  it('accepts passphrases and random strings', () => {
    for (const p of ['a long passphrase 1', 'another fine secret', 'Tr0ub4dor&3 horse', randomBytes(12).toString('base64url')]) {
      assert.equal(weakPasswordProblem(p, alice), null, p);
    }
  });

  it('estimates the longest allowed password quickly (no event-loop stall from one request)', () => {
    weakPasswordProblem('warm up the dictionaries', {});
    for (const p of [randomBytes(192).toString('base64'), 'aB3$'.repeat(64), 'p@ssw0rd'.repeat(32)]) {
      const started = performance.now();
      weakPasswordProblem(p, alice);
      // Uncapped, these take one to several seconds; capped, tens of milliseconds.
      assert.ok(performance.now() - started < 500, `${p.slice(0, 8)}…: ${performance.now() - started} ms`);
    }
  });
});
