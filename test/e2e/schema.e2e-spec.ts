import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';

describe('schema: migrations and entities agree, on this database', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t.close();
  });

  it('after the migrations, the entities need no further schema change', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    assert.deepEqual(
      pending.upQueries.map((q) => q.query),
      [],
    );
  });

  it('every migration can be reverted and applied again', async () => {
    const applied = t.dataSource.migrations.length;
    for (let i = 0; i < applied; i++) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await t.dataSource.createQueryRunner().getTables(['users']);
    assert.equal(tables.length, 0, 'down() removed the tables');
    const ran = await t.dataSource.runMigrations({ transaction: 'each' });
    assert.equal(ran.length, applied);
    assert.deepEqual((await t.dataSource.driver.createSchemaBuilder().log()).upQueries, []);
  });
});
