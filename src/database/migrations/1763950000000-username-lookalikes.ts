import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { identifierKey, identifierSkeleton } from '../../common/text/identifiers';

const BATCH = 500;
type Row = { id: number; username: string; username_key: string };

/**
 * users.username_key becomes the NFKC + case-folded name (it was lower-cased only), and
 * users.username_skeleton (TR 39 confusable skeleton) is added, unique as well.
 *
 * Existing names that now collide (`admin` and an older `ａｄｍｉｎ`, or `admin` and `аdmin`)
 * are never renamed: the oldest account (lowest id) keeps the key or skeleton, and each
 * later one gets `~<id>` instead, which no typed name can produce. A later account whose
 * key collides therefore signs in by e-mail address until an operator renames it; one whose
 * skeleton alone collides keeps signing in by name.
 */
export class UsernameLookalikes1763950000000 implements MigrationInterface {
  name = 'UsernameLookalikes1763950000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('users', 'UQ_users_username_key');
    await q.addColumn('users', new TableColumn({ name: 'username_skeleton', type: 'varchar', length: '600', isNullable: true }));
    // Plain indexes while the rows are rewritten: each row is compared with the older ones by
    // the database itself, so its collation (accent- and case-blind on MariaDB) decides a clash.
    await q.createIndex('users', new TableIndex({ name: 'IDX_users_username_key_tmp', columnNames: ['username_key'] }));
    await q.createIndex('users', new TableIndex({ name: 'IDX_users_username_skeleton_tmp', columnNames: ['username_skeleton'] }));
    const olderHas = async (column: string, value: string, id: number) =>
      (await q.query(`SELECT id FROM users WHERE ${column} = ? AND id < ? LIMIT 1`, [value, id])).length > 0;
    await eachUser(q, async (row) => {
      const key = identifierKey(row.username.trim());
      const skeleton = identifierSkeleton(row.username.trim());
      const uniqueKey = key.length > 150 || (await olderHas('username_key', key, row.id)) ? `~${row.id}` : key;
      const uniqueSkeleton = skeleton.length > 600 || (await olderHas('username_skeleton', skeleton, row.id)) ? `~${row.id}` : skeleton;
      await q.query('UPDATE users SET username_key = ?, username_skeleton = ? WHERE id = ?', [uniqueKey, uniqueSkeleton, row.id]);
    });
    await q.dropIndex('users', 'IDX_users_username_key_tmp');
    await q.dropIndex('users', 'IDX_users_username_skeleton_tmp');
    await q.changeColumn('users', 'username_skeleton', new TableColumn({ name: 'username_skeleton', type: 'varchar', length: '600' }));
    await q.createIndex('users', new TableIndex({ name: 'UQ_users_username_key', columnNames: ['username_key'], isUnique: true }));
    await q.createIndex('users', new TableIndex({ name: 'UQ_users_username_skeleton', columnNames: ['username_skeleton'], isUnique: true }));
  }

  /** Back to lower-cased keys; an account that had `~<id>` keeps it (its lower-cased name is another's). */
  public async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('users', 'UQ_users_username_skeleton');
    await q.dropColumn('users', 'username_skeleton');
    await q.dropIndex('users', 'UQ_users_username_key');
    await eachUser(q, async (row) => {
      if (row.username_key.startsWith('~')) return;
      await q.query('UPDATE users SET username_key = ? WHERE id = ?', [row.username.trim().toLowerCase(), row.id]);
    });
    await q.createIndex('users', new TableIndex({ name: 'UQ_users_username_key', columnNames: ['username_key'], isUnique: true }));
  }
}

/** Every user, oldest first, in batches (the table may be large). */
async function eachUser(q: QueryRunner, fn: (row: Row) => Promise<void>): Promise<void> {
  for (let after = 0; ;) {
    const rows: Row[] = await q.query(`SELECT id, username, username_key FROM users WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after]);
    for (const row of rows) await fn(row);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}
