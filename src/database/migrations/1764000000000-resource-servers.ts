import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

const WITHDRAWN_SCOPE = 'introspection';

/**
 * applications.resource_server: set by staff only, it lets an application introspect every
 * token (CONTRACT §2.4). The `introspection` scope any developer could give their own
 * application is withdrawn: it leaves every application not marked, which at this point is
 * every application. The scope lists are rewritten row by row, the same on SQLite and MariaDB.
 */
export class ResourceServers1764000000000 implements MigrationInterface {
  name = 'ResourceServers1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.addColumn('applications', new TableColumn({ name: 'resource_server', type: 'boolean', default: 0 }));
    const rows = (await q.query('SELECT id, scopes FROM applications WHERE resource_server = ? AND scopes LIKE ?', [0, `%${WITHDRAWN_SCOPE}%`])) as Array<{
      id: number;
      scopes: string;
    }>;
    for (const { id, scopes } of rows) {
      const kept = scopes.split(' ').filter((s) => s && s !== WITHDRAWN_SCOPE);
      await q.query('UPDATE applications SET scopes = ? WHERE id = ?', [kept.join(' '), id]);
    }
  }

  // The withdrawn scope is not given back: who had chosen it was forgotten on the way up.
  public async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('applications', 'resource_server');
  }
}
