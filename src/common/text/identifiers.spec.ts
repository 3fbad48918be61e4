import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { identifierKey, identifierSkeleton, isHighlyRestrictive } from './identifiers';

describe('identifierKey (NFKC + case fold)', () => {
  it('folds fullwidth, small-capital, upper-case, dotted and dotless i to the plain name', () => {
    for (const lookalike of ['ａｄｍｉｎ', 'ᴬdmin', 'ADMIN', 'ADMİN', 'admın', 'Admin']) assert.equal(identifierKey(lookalike), 'admin', lookalike);
  });

  it('folds sharp and long s and final sigma as full case folding does', () => {
    assert.equal(identifierKey('ſtraße'), identifierKey('STRASSE'));
    assert.equal(identifierKey('ΟΔΟΣ'), identifierKey('οδος'));
  });

  it('keeps letters that are really different apart', () => {
    assert.notEqual(identifierKey('café'), identifierKey('cafe'));
    assert.notEqual(identifierKey('аdmin'), identifierKey('admin'), 'a Cyrillic а is not a Latin a (the skeleton catches it)');
  });
});

describe('identifierSkeleton (TR 39 confusables)', () => {
  it('gives every lookalike of a name the same skeleton', () => {
    const admin = identifierSkeleton('admin');
    for (const lookalike of ['аdmin', 'ａｄｍｉｎ', 'ᴬdmin', 'admın', 'ADMİN', 'adrnin']) assert.equal(identifierSkeleton(lookalike), admin, lookalike);
    assert.equal(identifierSkeleton('g00gle'), identifierSkeleton('google'));
    assert.equal(identifierSkeleton('user1'), identifierSkeleton('userl'));
  });

  it('keeps names that look different apart', () => {
    assert.notEqual(identifierSkeleton('admin'), identifierSkeleton('admins'));
    assert.notEqual(identifierSkeleton('张三'), identifierSkeleton('张四'));
  });
});

describe('isHighlyRestrictive (TR 39 §5.2)', () => {
  it('accepts single-script names in any recommended script, with digits and . _ -', () => {
    for (const name of ['alice.smith_1', 'müller-2', 'иван', 'σοφία', '张三', 'さくら', '김민준', 'محمد', 'राम', '12345']) {
      assert.equal(isHighlyRestrictive(name), true, name);
    }
  });

  it('accepts Latin with Han and the scripts written beside it', () => {
    for (const name of ['zhang三', 'tanaka太郎さん', 'kim민준金', 'ㄅㄆ王li']) assert.equal(isHighlyRestrictive(name), true, name);
  });

  it('refuses mixed scripts: a Cyrillic or Greek letter in a Latin name, Han with Cyrillic', () => {
    for (const name of ['аdmin', 'pаypal', 'αdmin', '张三иван', 'さくら김']) assert.equal(isHighlyRestrictive(name), false, name);
  });

  it('refuses letters from scripts not recommended for identifiers (made to look like Latin)', () => {
    for (const name of ['ᎪᎠᎷᏆᏁ', 'ꓮꓓꓟꓲꓠ']) assert.equal(isHighlyRestrictive(name), false, name);
  });
});
