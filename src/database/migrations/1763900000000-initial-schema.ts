import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

// Portable column types only: this one file runs on SQLite and on MySQL/MariaDB.
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const varchar = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
const createdAt: TableColumnOptions = { name: 'created_at', type: 'datetime', precision: 0, default: 'CURRENT_TIMESTAMP' };
const updatedAt: TableColumnOptions = { name: 'updated_at', type: 'datetime', precision: 0, default: 'CURRENT_TIMESTAMP', onUpdate: 'CURRENT_TIMESTAMP' };
const bool = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', default: dflt ? 1 : 0 });
const fk = (column: string, table: string): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' });
const index = (name: string, columns: string[], unique = false) => new TableIndex({ name, columnNames: columns, isUnique: unique });

export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          varchar('username', 150),
          varchar('username_key', 150),
          varchar('email', 254),
          varchar('email_key', 254),
          varchar('password_hash', 255),
          bool('email_verified', false),
          bool('is_active', true),
          bool('is_staff', false),
          createdAt,
          updatedAt,
        ],
        indices: [index('UQ_users_username_key', ['username_key'], true), index('UQ_users_email_key', ['email_key'], true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'groups',
        columns: [id, varchar('name', 150), createdAt],
        indices: [index('UQ_groups_name', ['name'], true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_groups',
        columns: [
          { ...int('user_id'), isPrimary: true },
          { ...int('group_id'), isPrimary: true },
        ],
        indices: [index('IDX_user_groups_group', ['group_id'])],
        foreignKeys: [fk('user_id', 'users'), fk('group_id', 'groups')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [varchar('id', 64, { isPrimary: true }), int('user_id', true), { name: 'data', type: 'text' }, datetime('expires_at')],
        indices: [index('IDX_sessions_user', ['user_id']), index('IDX_sessions_expires', ['expires_at'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'account_tokens',
        columns: [id, int('user_id'), varchar('purpose', 20), varchar('token_hash', 64), datetime('expires_at'), datetime('used_at', true), createdAt],
        indices: [
          index('UQ_account_tokens_hash', ['token_hash'], true),
          index('IDX_account_tokens_expires', ['expires_at']),
          index('IDX_account_tokens_user', ['user_id']),
        ],
        foreignKeys: [fk('user_id', 'users')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'applications',
        columns: [
          id,
          varchar('client_id', 64),
          varchar('client_secret_hash', 64, { isNullable: true }),
          int('owner_id'),
          varchar('name', 255),
          varchar('client_type', 20),
          varchar('token_endpoint_auth_method', 32),
          varchar('grant_types', 255),
          { name: 'redirect_uris', type: 'text' },
          varchar('scopes', 255),
          bool('skip_consent', false),
          createdAt,
          updatedAt,
        ],
        indices: [index('UQ_applications_client_id', ['client_id'], true), index('IDX_applications_owner', ['owner_id'])],
        foreignKeys: [fk('owner_id', 'users')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'access_tokens',
        columns: [
          id,
          varchar('jti', 64),
          int('application_id'),
          int('user_id', true),
          varchar('scopes', 255),
          varchar('family_id', 36, { isNullable: true }),
          datetime('expires_at'),
          datetime('revoked_at', true),
          createdAt,
        ],
        indices: [
          index('UQ_access_tokens_jti', ['jti'], true),
          index('IDX_access_tokens_app', ['application_id']),
          index('IDX_access_tokens_user_app', ['user_id', 'application_id']),
          index('IDX_access_tokens_family', ['family_id']),
          index('IDX_access_tokens_expires', ['expires_at']),
        ],
        foreignKeys: [fk('application_id', 'applications'), fk('user_id', 'users')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          id,
          varchar('token_hash', 64),
          int('application_id'),
          int('user_id'),
          varchar('scopes', 255),
          varchar('family_id', 36),
          int('access_token_id', true),
          datetime('expires_at'),
          datetime('rotated_at', true),
          int('successor_id', true),
          datetime('revoked_at', true),
          createdAt,
        ],
        indices: [
          index('UQ_refresh_tokens_hash', ['token_hash'], true),
          index('IDX_refresh_tokens_app', ['application_id']),
          index('IDX_refresh_tokens_user', ['user_id']),
          index('IDX_refresh_tokens_family', ['family_id']),
          index('IDX_refresh_tokens_expires', ['expires_at']),
        ],
        foreignKeys: [fk('application_id', 'applications'), fk('user_id', 'users')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'authorization_codes',
        columns: [
          id,
          varchar('code_hash', 64),
          int('application_id'),
          int('user_id'),
          { name: 'redirect_uri', type: 'text' },
          bool('redirect_uri_given', true),
          varchar('scopes', 255),
          varchar('code_challenge', 128, { isNullable: true }),
          varchar('code_challenge_method', 10, { isNullable: true }),
          varchar('family_id', 36, { isNullable: true }),
          datetime('expires_at'),
          datetime('used_at', true),
          createdAt,
        ],
        indices: [
          index('UQ_authorization_codes_hash', ['code_hash'], true),
          index('IDX_authorization_codes_app', ['application_id']),
          index('IDX_authorization_codes_user', ['user_id']),
          index('IDX_authorization_codes_expires', ['expires_at']),
        ],
        foreignKeys: [fk('application_id', 'applications'), fk('user_id', 'users')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consents',
        columns: [id, int('user_id'), int('application_id'), varchar('scopes', 255), createdAt, updatedAt],
        indices: [index('UQ_consents_user_app', ['user_id', 'application_id'], true), index('IDX_consents_app', ['application_id'])],
        foreignKeys: [fk('user_id', 'users'), fk('application_id', 'applications')],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'consents',
      'authorization_codes',
      'refresh_tokens',
      'access_tokens',
      'applications',
      'account_tokens',
      'sessions',
      'user_groups',
      'groups',
      'users',
    ]) {
      await q.dropTable(table);
    }
  }
}
