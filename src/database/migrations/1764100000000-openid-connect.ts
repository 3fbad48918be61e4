import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * OpenID Connect: an authorization code remembers the sign-in behind it (nonce, auth_time,
 * sid) for its ID token; an application lists where RP-initiated logout may send the user.
 */
export class OpenIdConnect1764100000000 implements MigrationInterface {
  name = 'OpenIdConnect1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.addColumns('authorization_codes', [
      new TableColumn({ name: 'nonce', type: 'varchar', length: '255', isNullable: true }),
      new TableColumn({ name: 'auth_time', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'sid', type: 'varchar', length: '36', isNullable: true }),
    ]);
    await q.addColumn('applications', new TableColumn({ name: 'post_logout_redirect_uris', type: 'text', isNullable: true }));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('applications', 'post_logout_redirect_uris');
    await q.dropColumns('authorization_codes', ['nonce', 'auth_time', 'sid']);
  }
}
