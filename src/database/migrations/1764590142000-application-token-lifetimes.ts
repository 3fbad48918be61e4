import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** applications.access_token_ttl and refresh_token_ttl: an application's own token lifetimes (null: the defaults). */
export class ApplicationTokenLifetimes1764590142000 implements MigrationInterface {
  name = 'ApplicationTokenLifetimes1764590142000';

  public async up(q: QueryRunner): Promise<void> {
    await q.addColumns('applications', [
      new TableColumn({ name: 'access_token_ttl', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'refresh_token_ttl', type: 'integer', isNullable: true }),
    ]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('applications', ['access_token_ttl', 'refresh_token_ttl']);
  }
}
