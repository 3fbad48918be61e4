import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * authorization_codes.replayed_at: set when a used code is presented again, so a first
 * redemption still writing its tokens sees the replay and revokes them (RFC 6749 §4.1.2).
 */
export class CodeReplayMarker1763910000000 implements MigrationInterface {
  name = 'CodeReplayMarker1763910000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.addColumn('authorization_codes', new TableColumn({ name: 'replayed_at', type: 'datetime', isNullable: true }));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('authorization_codes', 'replayed_at');
  }
}
