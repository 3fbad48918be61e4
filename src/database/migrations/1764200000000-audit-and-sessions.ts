import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * The operator console and the audit log (CONTRACT §7, §8): the audit_events table; a sign-in
 * session's start, last activity, address and user agent; an application staff can disable.
 * Sessions from before have no start or activity: they stay NULL until their next save.
 */
export class AuditAndSessions1764200000000 implements MigrationInterface {
  name = 'AuditAndSessions1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'at', type: 'datetime' },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'client_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '255', isNullable: true },
          { name: 'details', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_events_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_events_user_at', columnNames: ['user_id', 'at'] }),
          new TableIndex({ name: 'IDX_audit_events_type_at', columnNames: ['type', 'at'] }),
          new TableIndex({ name: 'IDX_audit_events_client', columnNames: ['client_id'] }),
        ],
      }),
    );
    await q.addColumns('sessions', [
      new TableColumn({ name: 'created_at', type: 'datetime', isNullable: true }),
      new TableColumn({ name: 'last_seen_at', type: 'datetime', isNullable: true }),
      new TableColumn({ name: 'ip', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'user_agent', type: 'varchar', length: '255', isNullable: true }),
    ]);
    await q.addColumn('applications', new TableColumn({ name: 'disabled', type: 'boolean', default: 0 }));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('applications', 'disabled');
    await q.dropColumns('sessions', ['created_at', 'last_seen_at', 'ip', 'user_agent']);
    await q.dropTable('audit_events');
  }
}
