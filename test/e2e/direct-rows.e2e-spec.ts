import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { Repository } from 'typeorm';
import { RefreshToken } from '../../src/tokens/refresh-token.entity';
import { findOneWhere, insertRow, updateWhere } from '../../src/database/direct-rows';
import { seedUser } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { seedApp } from '../support/oauth';

/** The hot paths' SQL without the query builder must read and write exactly what TypeORM would. */
describe('direct rows: the hot paths\' SQL agrees with TypeORM, on this database', () => {
  let t: TestApp;
  let repo: Repository<RefreshToken>;
  let userId: number;
  let applicationId: number;
  let n = 0;
  const row = (overrides: Partial<RefreshToken> = {}): Partial<RefreshToken> => ({
    tokenHash: `direct-rows-${++n}`.padEnd(64, '0'),
    applicationId,
    userId,
    scopes: ['read', 'profile'],
    familyId: `family-${n}`,
    accessTokenId: null,
    // Whole seconds: MySQL DATETIME keeps none of the milliseconds.
    expiresAt: new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000),
    rotatedAt: null,
    successorId: null,
    revokedAt: null,
    ...overrides,
  });

  before(async () => {
    t = await startApp();
    repo = t.dataSource.getRepository(RefreshToken);
    userId = (await seedUser(t)).id;
    applicationId = (await seedApp(t, userId)).id;
  });
  after(async () => {
    await t.close();
  });

  it('insertRow returns the new id; findOneWhere hydrates the row as findOne does (transformers, dates, nulls)', async () => {
    const values = row();
    const id = await insertRow(repo, values);
    const direct = await findOneWhere(repo, { tokenHash: values.tokenHash });
    const orm = await repo.findOne({ where: { id } });
    assert.ok(direct && orm);
    assert.equal(direct.id, id);
    assert.deepEqual(direct, orm);
    assert.deepEqual(direct.scopes, ['read', 'profile']);
    assert.equal(direct.expiresAt.getTime(), values.expiresAt!.getTime());
    assert.equal(direct.revokedAt, null);
    assert.ok(direct.createdAt instanceof Date, 'the column default filled created_at');
  });

  it('findOneWhere answers null when nothing matches, and matches on every condition', async () => {
    const values = row();
    await insertRow(repo, values);
    assert.equal(await findOneWhere(repo, { tokenHash: 'no-such-hash' }), null);
    assert.equal(await findOneWhere(repo, { tokenHash: values.tokenHash, userId: userId + 1000 }), null);
    assert.ok(await findOneWhere(repo, { tokenHash: values.tokenHash, userId }));
  });

  it('updateWhere with IS NULL guards claims a row exactly once and counts what changed', async () => {
    const id = await insertRow(repo, row());
    const when = new Date(Math.floor(Date.now() / 1000) * 1000);
    assert.equal(await updateWhere(repo, { rotatedAt: when }, { id, rotatedAt: null, revokedAt: null }), 1);
    assert.equal(await updateWhere(repo, { rotatedAt: new Date() }, { id, rotatedAt: null, revokedAt: null }), 0, 'the second claim loses');
    assert.equal((await repo.findOneByOrFail({ id })).rotatedAt?.getTime(), when.getTime());

    const revoked = await insertRow(repo, row({ revokedAt: when }));
    assert.equal(await updateWhere(repo, { rotatedAt: when }, { id: revoked, rotatedAt: null, revokedAt: null }), 0, 'a revoked token cannot be claimed');
    assert.equal((await repo.findOneByOrFail({ id: revoked })).rotatedAt, null);
  });

  it('updateWhere converts values as TypeORM does (a scope list is stored space-separated)', async () => {
    const id = await insertRow(repo, row());
    assert.equal(await updateWhere(repo, { scopes: ['read'], successorId: id }, { id }), 1);
    const updated = await repo.findOneByOrFail({ id });
    assert.deepEqual(updated.scopes, ['read']);
    assert.equal(updated.successorId, id);
    assert.equal(await updateWhere(repo, { successorId: null }, { id: id + 100000 }), 0, 'no row, no change');
    await assert.rejects(updateWhere(repo, { successorId: null }, {}), /needs both values and conditions/);
    assert.equal((await repo.findOneByOrFail({ id })).successorId, id, 'the refused update changed nothing');
  });
});
