import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const varchar = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length) });

/** pending_registrations: a registration waits here for its e-mail link; no account exists before. */
export class PendingRegistrations1763960000000 implements MigrationInterface {
  name = 'PendingRegistrations1763960000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'pending_registrations',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('username', 150),
          varchar('email', 254),
          varchar('email_key', 254),
          varchar('password_hash', 255),
          varchar('token_hash', 64),
          { name: 'expires_at', type: 'datetime' },
          { name: 'created_at', type: 'datetime', precision: 0, default: 'CURRENT_TIMESTAMP' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_pending_registrations_email_key', columnNames: ['email_key'] }),
          new TableIndex({ name: 'UQ_pending_registrations_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'IDX_pending_registrations_expires', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pending_registrations');
  }
}
