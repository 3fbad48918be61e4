import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EntityTarget, Repository } from 'typeorm';
import { findOneWhere, insertRow, updateWhere } from '../../src/database/direct-rows';
import { ENTITIES } from '../../src/database/entities';
import { seedUser } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { seedApp } from '../support/oauth';

/** The refresh token's columns; the class comes from ENTITIES by name, not from its file (which may move). */
interface RefreshToken {
  id: number;
  tokenHash: string;
  applicationId: number;
  userId: number;
  scopes: string[];
  familyId: string;
  accessTokenId: number | null;
  expiresAt: Date;
  rotatedAt: Date | null;
  successorId: number | null;
  revokedAt: Date | null;
  cnf: string | null;
  createdAt: Date;
  user?: { isActive: boolean };
  application?: { clientId: string };
}
const RefreshTokenEntity = ENTITIES.find((e) => e.name === 'RefreshToken') as EntityTarget<RefreshToken>;

/**
 * The hot paths' SQL without the query builder must read and write exactly what TypeORM would.
 * direct-rows-entities.e2e-spec.ts runs the same contract over every entity it is used on.
 */
describe("direct rows: the hot paths' SQL agrees with TypeORM, on this database", () => {
  let t: TestApp;
  let repo: Repository<RefreshToken>;
  let userId: number;
  let applicationId: number;
  const row = (overrides: Partial<RefreshToken> = {}): Partial<RefreshToken> => ({
    // Random: a MariaDB database may keep an earlier run's rows.
    tokenHash: randomBytes(32).toString('hex'),
    applicationId,
    userId,
    scopes: ['read', 'profile'],
    familyId: randomBytes(16).toString('hex'),
    accessTokenId: null,
    // Whole seconds: MySQL DATETIME keeps none of the milliseconds.
    expiresAt: new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000),
    rotatedAt: null,
    successorId: null,
    revokedAt: null,
    cnf: null,
    ...overrides,
  });

  before(async () => {
    t = await startApp();
    repo = t.dataSource.getRepository(RefreshTokenEntity);
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
    assert.deepEqual(direct.createdAt, values.createdAt, 'insertRow set created_at and left it on the record');
    assert.equal(values.id, id, 'and the new id');
  });

  it("insertRow keeps a given created_at; the service's record (repo.create) is the stored row", async () => {
    const when = new Date('2020-05-06T07:08:09Z');
    const id = await insertRow(repo, row({ createdAt: when }));
    assert.deepEqual((await repo.findOneByOrFail({ id })).createdAt, when);
    // As refresh-tokens.service does: record.id = await insertRow(repo, record).
    const record = repo.create(row());
    record.id = await insertRow(repo, record);
    assert.deepEqual(record, await repo.findOneByOrFail({ id: record.id }));
  });

  it('inserts made together are each stored once with their own id; one that fails (a duplicate) fails alone', async () => {
    const rows = Array.from({ length: 12 }, () => row());
    const all = [...rows, row({ tokenHash: rows[3].tokenHash })];
    const results = await Promise.allSettled(all.map((r) => insertRow(repo, r)));
    // Of the two rows with the same hash exactly one fails (which one is up to the database:
    // a MySQL pool runs them on several connections at once); every other row is stored.
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    assert.equal(failed.length, 1, `one failure, not ${failed.length}`);
    assert.ok([3, rows.length].includes(failed[0]), `the failure is one of the two duplicates, not #${failed[0]}`);
    const stored = results.flatMap((r, i) => (r.status === 'fulfilled' ? [[i, r.value] as const] : []));
    assert.equal(new Set(stored.map(([, id]) => id)).size, rows.length, 'every stored row its own id');
    for (const [i, id] of stored) assert.equal((await repo.findOneByOrFail({ id })).tokenHash, all[i].tokenHash);
    assert.equal(await repo.countBy({ tokenHash: rows[3].tokenHash }), 1);
  });

  it('findOneWhere answers null when nothing matches, and matches on every condition', async () => {
    const values = row();
    await insertRow(repo, values);
    assert.equal(await findOneWhere(repo, { tokenHash: 'no-such-hash' }), null);
    assert.equal(await findOneWhere(repo, { tokenHash: values.tokenHash, userId: userId + 1000 }), null);
    assert.ok(await findOneWhere(repo, { tokenHash: values.tokenHash, userId }));
  });

  it('findOneWhere with a join reads the named columns of related rows in the same statement, as find() with relations would', async () => {
    const values = row();
    const id = await insertRow(repo, values);
    const joined = await findOneWhere(repo, { tokenHash: values.tokenHash, revokedAt: null }, { user: ['isActive'], application: ['clientId'] });
    const orm = await repo.findOne({ where: { id }, relations: { user: true, application: true } });
    assert.ok(joined && orm);
    const { user, application, ...own } = joined;
    assert.deepEqual(own, { ...(await findOneWhere(repo, { id })) }, 'the row itself as without the join');
    assert.deepEqual({ ...user }, { isActive: orm.user!.isActive });
    assert.deepEqual({ ...application }, { clientId: orm.application!.clientId });
    await t.dataSource.getRepository('User').update(userId, { isActive: false });
    try {
      const again = await findOneWhere(repo, { tokenHash: values.tokenHash, revokedAt: null }, { user: ['isActive'], application: ['clientId'] });
      assert.equal(again?.user?.isActive, false, 'a boolean, converted as TypeORM converts it');
    } finally {
      await t.dataSource.getRepository('User').update(userId, { isActive: true });
    }
    assert.equal(await findOneWhere(repo, { tokenHash: 'no-such-hash' }, { user: ['isActive'] }), null);
  });

  it('with table statistics gathered (ANALYZE), a read with related columns gives the same rows, and a null foreign key leaves the relation out', async () => {
    // Statistics change how the database plans a read of several tables (bench/README.md).
    const sqlite = t.dataSource.options.type === 'better-sqlite3';
    for (const table of ['users', 'applications', 'access_tokens', 'refresh_tokens'])
      await t.dataSource.query(sqlite ? `ANALYZE "${table}"` : `ANALYZE TABLE \`${table}\``);
    const { clientId } = await t.dataSource.getRepository('Application').findOneByOrFail({ id: applicationId });
    // Two rows, so the cached statement runs with a new value bound each time.
    for (const values of [row(), row()]) {
      const id = await insertRow(repo, values);
      const joined = await findOneWhere(repo, { tokenHash: values.tokenHash }, { user: ['isActive'], application: ['clientId'] });
      assert.equal(joined?.id, id);
      assert.deepEqual({ ...joined.user }, { isActive: true });
      assert.deepEqual({ ...joined.application }, { clientId });
    }
    const tokens = t.dataSource.getRepository<{ id: number; jti: string; userId: number | null; user?: { isActive: boolean } }>(
      ENTITIES.find((e) => e.name === 'AccessToken')!,
    );
    const jti = randomBytes(16).toString('hex');
    const clientToken = await insertRow(tokens, {
      jti,
      applicationId,
      userId: null,
      scopes: ['read'],
      familyId: null,
      expiresAt: new Date(Date.now() + 3600_000),
      revokedAt: null,
    } as never);
    const read = await findOneWhere(tokens, { jti }, { user: ['isActive'] });
    assert.equal(read?.id, clientToken);
    assert.equal(read.userId, null);
    assert.equal(read.user, undefined, 'no user row for a token without one');
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

  it('updateWhere counts every row it changed (a family revoked at once), and only those its conditions match', async () => {
    const familyId = randomBytes(16).toString('hex');
    const when = new Date(Math.floor(Date.now() / 1000) * 1000);
    const ids = [await insertRow(repo, row({ familyId })), await insertRow(repo, row({ familyId })), await insertRow(repo, row({ familyId, revokedAt: when }))];
    assert.equal(await updateWhere(repo, { revokedAt: new Date(when.getTime() + 1000) }, { familyId, revokedAt: null }), 2);
    const stored = await Promise.all(ids.map((id) => repo.findOneByOrFail({ id })));
    assert.deepEqual(
      stored.map((r) => r.revokedAt?.getTime()),
      [when.getTime() + 1000, when.getTime() + 1000, when.getTime()],
    );
    assert.equal(await updateWhere(repo, { revokedAt: when }, { familyId, revokedAt: null }), 0, 'nothing left to revoke');
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
