import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { foldLogin, unknownLoginKey } from './login-key';

describe('foldLogin', () => {
  it('folds the spellings an accent- and case-insensitive collation matches to one form', () => {
    for (const spelling of ['mvictim', 'MVictim', 'mvíctim', 'mvi\u0301ctim', 'ｍｖｉｃｔｉｍ', 'mvic\u200btim', ' mvictim ', 'MVÍCTIM']) {
      assert.equal(foldLogin(spelling), 'mvictim', JSON.stringify(spelling));
    }
  });

  it('folds case fully and keeps what a collation tells apart', () => {
    assert.equal(foldLogin('Straße'), 'strasse');
    assert.equal(foldLogin('İlker'), 'ilker');
    assert.equal(foldLogin('Ana@Example.Test'), 'ana@example.test');
    assert.notEqual(foldLogin('ana'), foldLogin('anna'));
    assert.notEqual(foldLogin('mvictim'), foldLogin('m victim'));
  });

  it('names unknown logins apart from account ids', () => {
    assert.equal(unknownLoginKey('Ghöst'), 'login:ghost');
  });
});
