import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** signing_keys: the JWT signing keys every instance loads (src/tokens/keys/signing-key.entity.ts). */
export class SigningKeys1764590141000 implements MigrationInterface {
  name = 'SigningKeys1764590141000';

  public async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'signing_keys',
        columns: [
          { name: 'kid', type: 'varchar', length: '64', isPrimary: true },
          { name: 'generation', type: 'integer' },
          { name: 'alg', type: 'varchar', length: '10' },
          { name: 'public_jwk', type: 'text' },
          { name: 'private_key_sealed', type: 'text' },
          { name: 'activates_at', type: 'datetime' },
          { name: 'created_at', type: 'datetime', precision: 0, default: 'CURRENT_TIMESTAMP' },
        ],
        indices: [new TableIndex({ name: 'UQ_signing_keys_generation', columnNames: ['generation'], isUnique: true })],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('signing_keys');
  }
}
