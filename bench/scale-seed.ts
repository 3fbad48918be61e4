/*
 * npm run bench:seed -- --users 100000 --tokens 1000000: fills the database named by
 * DATABASE_URL with realistic volume, fast: batched multi-row INSERTs through TypeORM's query
 * builder (the product's entities and column transformers, so every row is one the product
 * reads as real). One argon2id hash is computed and reused for every user. 10% of the tokens
 * are expired (what the batched cleanup removes), 2% revoked; refresh tokens are a quarter of
 * the access tokens.
 */
import 'reflect-metadata';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { hashPassword } from '../src/accounts/password.hasher';
import { User } from '../src/accounts/user.entity';
import { usernameSkeleton } from '../src/accounts/username-rules';
import { Application } from '../src/applications/application.entity';
import { AccessToken } from '../src/tokens/access-token.entity';
import { RefreshToken } from '../src/tokens/refresh-token.entity';
import { uuidV7 } from '../src/common/crypto/tokens';
import { DATA_DIR } from '../src/config/configuration';
import { buildDataSourceOptions } from '../src/database/data-source-options';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} takes a whole number`);
  return v;
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
const token = (bytes: number) => randomBytes(bytes).toString('base64url');

async function insertAll<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  total: number,
  batch: number,
  make: (i: number) => Partial<T>,
  label: string,
): Promise<void> {
  const started = Date.now();
  const chunk = ds.options.type === 'better-sqlite3' ? 50 : 1; // batches per transaction
  for (let i = 0; i < total;) {
    await ds.transaction(async (em) => {
      for (let b = 0; b < chunk && i < total; b++) {
        const n = Math.min(batch, total - i);
        const values = Array.from({ length: n }, (_, k) => make(i + k));
        await em
          .createQueryBuilder()
          .insert()
          .into(entity)
          .values(values as never)
          .updateEntity(false)
          .execute();
        i += n;
      }
    });
    if (process.stdout.isTTY) process.stdout.write(`\r  ${label}: ${i}/${total}`);
  }
  process.stdout.write(`${process.stdout.isTTY ? '\r' : ''}  ${label}: ${total} rows in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  const users = arg('users', 100000);
  const tokens = arg('tokens', 1000000);
  const refresh = Math.floor(tokens / 4);
  // The database the product would use: DATABASE_URL, else its default SQLite file.
  const url = process.env.DATABASE_URL ?? `sqlite:${join(DATA_DIR, 'auth-center.sqlite')}`;
  const ds = new DataSource({ ...buildDataSourceOptions(url, 4), migrationsRun: false });
  await ds.initialize();
  await ds.runMigrations();
  try {
    const run = randomUUID().slice(0, 8);
    const passwordHash = await hashPassword(`scale-${run}-password`);
    await insertAll(
      ds,
      User,
      users,
      1000,
      (i) => {
        const name = `scale-${run}-${i}`;
        return {
          username: name,
          usernameKey: name,
          usernameSkeleton: usernameSkeleton(name),
          email: `${name}@example.com`,
          emailKey: `${name}@example.com`,
          passwordHash,
          emailVerified: true,
          isActive: true,
          isStaff: false,
        };
      },
      'users',
    );
    const userIds = (
      await ds
        .getRepository(User)
        .createQueryBuilder('u')
        .select('u.id', 'id')
        .where('u.username LIKE :p', { p: `scale-${run}-%` })
        .getRawMany<{ id: number }>()
    ).map((r) => Number(r.id));
    if (userIds.length === 0) throw new Error('no users to own tokens: pass --users > 0');
    const appCount = Math.max(1, Math.min(1000, Math.ceil(users / 1000)));
    await insertAll(
      ds,
      Application,
      appCount,
      500,
      (i): Partial<Application> => ({
        clientId: token(24),
        clientSecretHash: createHash('sha256').update(token(32)).digest('hex'),
        ownerId: userIds[i % userIds.length],
        name: `scale app ${i}`,
        clientType: 'confidential' as const,
        tokenEndpointAuthMethod: 'client_secret_basic' as const,
        grantTypes: ['authorization_code' as const, 'refresh_token' as const],
        redirectUris: [`https://app${i}.example.com/callback`],
        scopes: ['read', 'profile', 'email'],
        skipConsent: false,
      }),
      'applications',
    );
    const appIds = (
      await ds
        .getRepository(Application)
        .createQueryBuilder('a')
        .select('a.id', 'id')
        .where('a.name LIKE :p', { p: 'scale app %' })
        .getRawMany<{ id: number }>()
    ).map((r) => Number(r.id));
    const now = Date.now();
    const expiry = (i: number) => new Date(i % 10 === 0 ? now - 3600000 - (i % 86400) * 1000 : now + 600000 + (i % 3000) * 1000);
    // Ids as the product makes them (UUIDv7, time-ordered), issued over the past hour in order.
    const issued = (i: number, n: number) => uuidV7(now - 3600000 + Math.floor((i / n) * 3600000));
    await insertAll(
      ds,
      AccessToken,
      tokens,
      2000,
      (i) => ({
        jti: issued(i, tokens),
        applicationId: pick(appIds),
        userId: i % 10 === 9 ? null : pick(userIds),
        scopes: ['read', 'profile'],
        familyId: issued(i, tokens),
        expiresAt: expiry(i),
        revokedAt: i % 50 === 7 ? new Date(now - 1000) : null,
      }),
      'access tokens',
    );
    await insertAll(
      ds,
      RefreshToken,
      refresh,
      2000,
      (i) => ({
        tokenHash: createHash('sha256').update(token(32)).digest('hex'),
        applicationId: pick(appIds),
        userId: pick(userIds),
        scopes: ['read', 'profile'],
        familyId: issued(i, refresh),
        accessTokenId: null,
        expiresAt: expiry(i),
        rotatedAt: null,
        successorId: null,
        revokedAt: null,
      }),
      'refresh tokens',
    );
    if (ds.options.type === 'better-sqlite3') await ds.query('ANALYZE');
    else for (const t of ['users', 'applications', 'access_tokens', 'refresh_tokens']) await ds.query(`ANALYZE TABLE ${t}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:seed failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
