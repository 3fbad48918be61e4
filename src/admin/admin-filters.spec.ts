import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormError } from '../common/errors/form.error';
import { auditFilterOf, optionalId } from './admin-filters';

describe('auditFilterOf', () => {
  it('reads every filter of the audit view', () => {
    const f = auditFilterOf({ type: 'user.login.failed', user: '7', client_id: 'abc', since: '2026-01-01', until: '2026-02-01T10:00:00Z' });
    assert.deepEqual(f.types, ['user.login.failed']);
    assert.equal(f.userId, 7);
    assert.equal(f.clientId, 'abc');
    assert.equal(f.since?.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(f.until?.toISOString(), '2026-02-01T10:00:00.000Z');
  });

  it('leaves out the empty ones (a form sends every field)', () => {
    assert.deepEqual(auditFilterOf({ type: '', user: '', client_id: '', since: '', until: '' }), {
      types: undefined,
      userId: undefined,
      clientId: undefined,
      since: undefined,
      until: undefined,
    });
  });

  for (const bad of [
    { type: 'user.nope' },
    { user: 'x' },
    { user: '0' },
    { since: 'yesterday' },
    { since: '2026-02-30x' },
    { client_id: 'x'.repeat(65) },
    { since: '2026-02-02', until: '2026-02-01' },
    { type: ['a', 'b'] },
  ]) {
    it(`refuses ${JSON.stringify(bad).slice(0, 60)}`, () => assert.throws(() => auditFilterOf(bad), FormError));
  }
});

describe('optionalId', () => {
  it('is a positive integer or nothing', () => {
    assert.equal(optionalId('12', 'user'), 12);
    assert.equal(optionalId(undefined, 'user'), undefined);
    assert.throws(() => optionalId('-1', 'user'), FormError);
  });
});
