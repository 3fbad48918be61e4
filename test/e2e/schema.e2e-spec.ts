import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
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

  it('the username migration folds existing keys; of colliding names the oldest keeps its key or skeleton, later ones get ~id', async () => {
    const ds = t.dataSource;
    const mine = 'UsernameLookalikes1763950000000';
    while ((await ds.query('SELECT name FROM migrations')).some((m: { name: string }) => m.name === mine)) {
      await ds.undoLastMigration({ transaction: 'each' });
    }
    const tag = randomBytes(4).toString('hex');
    // Before: keys were lower-cased only, so these could all exist (MariaDB's accent- and
    // case-blind collation already kept out fullwidth twins, but not a dotless ı or a Cyrillic а).
    const names = [`admin${tag}`, `ADMıN${tag}`, `аdmin${tag}`, `Strasse${tag}`];
    const ids: number[] = [];
    for (const name of names) {
      await ds.query('INSERT INTO users (username, username_key, email, email_key, password_hash) VALUES (?, ?, ?, ?, ?)', [
        name,
        name.toLowerCase(),
        `${ids.length}-${tag}@example.test`,
        `${ids.length}-${tag}@example.test`,
        'not-a-hash',
      ]);
      ids.push((await ds.query('SELECT id FROM users WHERE email_key = ?', [`${ids.length}-${tag}@example.test`]))[0].id);
    }
    await ds.runMigrations({ transaction: 'each' });
    const rows: Array<{ id: number; username: string; username_key: string; username_skeleton: string }> = await ds.query(
      `SELECT id, username, username_key, username_skeleton FROM users WHERE id IN (${ids.join(',')}) ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => r.username),
      names,
      'no name is changed',
    );
    assert.equal(rows[0].username_key, `admin${tag}`);
    assert.equal(rows[1].username_key, `~${ids[1]}`, 'the dotless twin loses sign-in by name');
    assert.equal(rows[1].username_skeleton, `~${ids[1]}`);
    assert.equal(rows[2].username_key, `аdmin${tag}`, 'a Cyrillic а is another name...');
    assert.equal(rows[2].username_skeleton, `~${ids[2]}`, '...that looks the same');
    assert.equal(rows[3].username_key, `strasse${tag}`);
    assert.deepEqual((await ds.driver.createSchemaBuilder().log()).upQueries, []);
  });
});
