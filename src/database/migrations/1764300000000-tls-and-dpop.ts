import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * TLS client authentication and sender-constrained tokens (RFC 8705, RFC 9449): what an
 * application registers for them, the binding a refresh token keeps, and the DPoP proof ids
 * already seen (replay refused across instances).
 */
export class TlsAndDpop1764300000000 implements MigrationInterface {
  name = 'TlsAndDpop1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.addColumns('applications', [
      new TableColumn({ name: 'tls_subject_field', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'tls_subject_value', type: 'varchar', length: '1000', isNullable: true }),
      new TableColumn({ name: 'jwks', type: 'text', isNullable: true }),
      new TableColumn({ name: 'tls_bound_tokens', type: 'boolean', default: 0 }),
      new TableColumn({ name: 'dpop_bound_tokens', type: 'boolean', default: 0 }),
    ]);
    await q.addColumn('refresh_tokens', new TableColumn({ name: 'cnf', type: 'varchar', length: '128', isNullable: true }));
    await q.createTable(
      new Table({
        name: 'dpop_proofs',
        columns: [
          { name: 'jti_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expires_at', type: 'datetime' },
        ],
        indices: [{ name: 'IDX_dpop_proofs_expires', columnNames: ['expires_at'] }],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dpop_proofs');
    await q.dropColumn('refresh_tokens', 'cnf');
    await q.dropColumns('applications', ['tls_subject_field', 'tls_subject_value', 'jwks', 'tls_bound_tokens', 'dpop_bound_tokens']);
  }
}
