import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NotFoundException } from '@nestjs/common';
import { PkPipe } from '../common/web/pk.pipe';
import { parseResourcePk } from './resource-path';

describe('parseResourcePk', () => {
  it('reads the id and the format, JSON by default', () => {
    assert.deepEqual(parseResourcePk('5'), { pk: 5, format: 'json' });
    assert.deepEqual(parseResourcePk('5.json'), { pk: 5, format: 'json' });
    assert.deepEqual(parseResourcePk('42.html'), { pk: 42, format: 'html' });
  });

  it('anything else is a 404', () => {
    for (const raw of ['', '0', '05', '-1', 'abc', '5.xml', '5.json.html', '5 ', '1e3', '9999999999999999']) {
      assert.throws(() => parseResourcePk(raw), NotFoundException, raw);
    }
  });
});

describe('PkPipe', () => {
  it('accepts positive integers, as text or already converted by the global pipe', () => {
    assert.equal(new PkPipe().transform('7'), 7);
    assert.equal(new PkPipe().transform(7), 7);
  });

  it('answers 404 for what cannot be an id', () => {
    for (const v of ['abc', '0', '1.5', NaN, 1.5, -3, undefined, '99999999999999999999']) {
      assert.throws(() => new PkPipe().transform(v), NotFoundException, String(v));
    }
  });
});
