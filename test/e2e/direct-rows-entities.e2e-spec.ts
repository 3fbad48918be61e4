import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getMetadataArgsStorage, ObjectLiteral, Repository } from 'typeorm';
import { PROJECT_ROOT } from '../../src/config/paths';
import { findOneWhere, insertRow, updateWhere } from '../../src/database/direct-rows';
import { ENTITIES } from '../../src/database/entities';
import { seedUser } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { seedApp, unique } from '../support/oauth';

type Row = Record<string, unknown>;

/** How to make valid rows of one entity: every column given (nullable ones non-null), so a record is complete. */
interface Contract {
  make(): Promise<Row>;
  /** The conditions its hot path looks it up by. */
  lookup(values: Row): Row;
  /** An UPDATE to apply. */
  change: Row;
}

// Whole seconds: MySQL DATETIME keeps none of the milliseconds.
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

let t: TestApp;
let userId: number;
let applicationId: number;

/** Entities are taken from ENTITIES by class name, so the spec does not depend on where their files live. */
const CONTRACTS: Record<string, Contract> = {
  User: {
    make: async () => {
      const username = unique('DR_');
      return {
        username,
        usernameKey: username.toLowerCase(),
        usernameSkeleton: username.toLowerCase(),
        email: `${username}@example.test`,
        emailKey: `${username.toLowerCase()}@example.test`,
        passwordHash: 'not-a-real-hash',
        emailVerified: true,
        isActive: true,
        isStaff: false,
      };
    },
    lookup: (v) => ({ id: v.id, isActive: true }),
    change: { isStaff: true },
  },
  SessionRecord: {
    make: async () => ({
      id: hex(32),
      userId,
      data: '{"userId":1}',
      expiresAt: seconds(Date.now() + 3600_000),
      createdAt: seconds(Date.now() - 60_000),
      lastSeenAt: seconds(Date.now()),
      ip: '203.0.113.7',
      userAgent: 'direct-rows/1.0',
    }),
    lookup: (v) => ({ id: v.id }),
    change: { data: '{}' },
  },
  Application: {
    make: async () => ({
      clientId: unique('dr-client-'),
      clientSecretHash: hex(32),
      ownerId: userId,
      name: 'Direct rows',
      clientType: 'confidential',
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['https://a.example/cb', 'https://b.example/cb'],
      postLogoutRedirectUris: ['https://a.example/bye'],
      scopes: ['read', 'profile'],
      skipConsent: false,
      resourceServer: true,
      accessTokenTtl: 600,
      refreshTokenTtl: 86400,
      tlsSubjectField: 'subject_dn',
      tlsSubjectValue: 'CN=direct rows',
      jwks: '{"keys":[]}',
      tlsBoundTokens: true,
      dpopBoundTokens: true,
      disabled: false,
    }),
    lookup: (v) => ({ clientId: v.clientId }),
    change: { name: 'Renamed', redirectUris: ['https://c.example/cb'] },
  },
  AccessToken: {
    make: async () => ({
      jti: hex(16),
      applicationId,
      userId,
      scopes: ['read'],
      familyId: hex(16),
      expiresAt: seconds(Date.now() + 3600_000),
      revokedAt: seconds(Date.now() - 60_000),
    }),
    lookup: (v) => ({ jti: v.jti }),
    change: { scopes: ['read', 'write'] },
  },
  RefreshToken: {
    make: async () => ({
      tokenHash: hex(32),
      applicationId,
      userId,
      scopes: ['read'],
      familyId: hex(16),
      accessTokenId: 7,
      expiresAt: seconds(Date.now() + 3600_000),
      rotatedAt: seconds(Date.now() - 60_000),
      successorId: 8,
      revokedAt: seconds(Date.now() - 30_000),
      cnf: '{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}',
    }),
    lookup: (v) => ({ tokenHash: v.tokenHash }),
    change: { successorId: 9 },
  },
  AuthorizationCode: {
    make: async () => ({
      codeHash: hex(32),
      applicationId,
      userId,
      redirectUri: 'https://a.example/cb',
      redirectUriGiven: false,
      scopes: ['read'],
      codeChallenge: hex(32),
      codeChallengeMethod: 'S256',
      nonce: hex(8),
      authTime: Math.floor(Date.now() / 1000) - 30,
      sid: randomUUID(),
      familyId: hex(16),
      expiresAt: seconds(Date.now() + 60_000),
      usedAt: seconds(Date.now() - 20_000),
      replayedAt: seconds(Date.now() - 10_000),
    }),
    lookup: (v) => ({ codeHash: v.codeHash }),
    change: { scopes: ['profile'] },
  },
  DpopProof: {
    make: async () => ({ jtiHash: hex(32), expiresAt: seconds(Date.now() + 120_000) }),
    lookup: (v) => ({ jtiHash: v.jtiHash }),
    change: { expiresAt: seconds(Date.now() + 240_000) },
  },
  Consent: {
    // One consent per user and application: a fresh application each.
    make: async () => ({ userId, applicationId: (await seedApp(t, userId)).id, scopes: ['read'] }),
    lookup: (v) => ({ userId: v.userId, applicationId: v.applicationId }),
    change: { scopes: ['read', 'write'] },
  },
};

/** The entity class names whose repositories the files using direct-rows hold (`Repository<X>`). */
function directRowsEntitiesInSource(dir = join(PROJECT_ROOT, 'src')): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...directRowsEntitiesInSource(full));
    else if (name.endsWith('.ts') && name !== 'direct-rows.ts') {
      const text = readFileSync(full, 'utf8');
      if (/from '[^']*\/direct-rows'/.test(text)) out.push(...[...text.matchAll(/Repository<(\w+)>/g)].map((m) => m[1]));
    }
  }
  return [...new Set(out)].sort();
}

describe('direct rows: the contract holds for every entity the hot paths use it on', () => {
  before(async () => {
    t = await startApp();
    userId = (await seedUser(t)).id;
    applicationId = (await seedApp(t, userId)).id;
  });
  after(async () => {
    await t.close();
  });

  it('every entity used with direct-rows in src has a contract here, and is in ENTITIES', () => {
    const used = directRowsEntitiesInSource();
    assert.ok(used.length >= 7, `found only ${used.join(', ')}`);
    assert.deepEqual(
      used.filter((name) => !CONTRACTS[name]),
      [],
      'entities used with direct-rows but not tested',
    );
    for (const name of Object.keys(CONTRACTS))
      assert.ok(
        ENTITIES.some((e) => e.name === name),
        `${name} is not in ENTITIES`,
      );
  });

  for (const [name, contract] of Object.entries(CONTRACTS)) {
    // Which cases apply is known from the entity's decorators, before any connection.
    const declared = getMetadataArgsStorage().filterColumns(ENTITIES.find((e) => e.name === name)!);
    const hasNullable = declared.some((c) => c.options.nullable && !c.options.primary);
    const hasUpdateDate = declared.some((c) => c.mode === 'updateDate');
    describe(name, () => {
      let repo: Repository<ObjectLiteral>;
      before(() => {
        repo = t.dataSource.getRepository(ENTITIES.find((e) => e.name === name)!);
      });
      const primary = (v: Row) => ({ [repo.metadata.primaryColumns[0].propertyName]: v[repo.metadata.primaryColumns[0].propertyName] });
      const reread = async (v: Row) => repo.findOneOrFail({ where: primary(v) });
      // A primary key no row has: numbers count up from 1, strings here are 64 hex digits.
      const missing = () => primary({ [repo.metadata.primaryColumns[0].propertyName]: repo.metadata.primaryColumns[0].type === 'varchar' ? 'no-such-id' : -1 });
      const insert = async (overrides: Row = {}) => {
        const values = { ...(await contract.make()), ...overrides };
        const id = await insertRow(repo, values);
        return { values, id };
      };

      it('insertRow completes the record (id, created/updated dates) with what a re-read returns; findOneWhere hydrates as findOne', async () => {
        const { values, id } = await insert();
        const orm = await reread(values);
        assert.deepEqual(Object.assign(repo.create(), values), orm, 'the record insertRow left is the stored row');
        const generated = repo.metadata.primaryColumns[0].generationStrategy === 'increment';
        if (generated) assert.equal(id, orm[repo.metadata.primaryColumns[0].propertyName]);
        const createdAt = repo.metadata.createDateColumn?.propertyName;
        if (createdAt) assert.ok(Math.abs((values[createdAt] as Date).getTime() - Date.now()) < 5000, 'created now');
        assert.deepEqual(await findOneWhere(repo, contract.lookup(values)), orm);
        assert.deepEqual(await findOneWhere(repo, primary(values)), orm);
      });

      const whenNullable = hasNullable ? it : () => undefined;
      whenNullable('a null condition means IS NULL, in findOneWhere and in updateWhere (affected count)', async () => {
        const nullable = repo.metadata.columns.filter((c) => c.isNullable && !c.isPrimary).map((c) => c.propertyName);
        assert.ok(nullable.length > 0);
        for (const col of nullable) {
          const isNull = (await insert({ [col]: null })).values;
          const isSet = (await insert()).values;
          const found = await findOneWhere(repo, { ...contract.lookup(isNull), [col]: null });
          assert.deepEqual(found, await reread(isNull), `${col} IS NULL finds the row`);
          assert.equal(await findOneWhere(repo, { ...contract.lookup(isSet), [col]: null }), null, `${col} IS NULL skips a row that has it`);
          // Same columns, a value this time: a cached IS NULL statement must not answer it.
          assert.deepEqual(await findOneWhere(repo, { ...contract.lookup(isSet), [col]: isSet[col] }), await reread(isSet), `${col} = ? after IS NULL`);

          assert.equal(await updateWhere(repo, { [col]: isSet[col] }, { ...contract.lookup(isNull), [col]: null }), 1, `claims ${col} once`);
          assert.equal(await updateWhere(repo, { [col]: isSet[col] }, { ...contract.lookup(isNull), [col]: null }), 0, `${col} is no longer null`);
          assert.deepEqual((await reread(isNull))[col], isSet[col]);
        }
      });

      it('updateWhere writes what findOne reads and counts the rows it changed', async () => {
        const { values } = await insert();
        assert.equal(await updateWhere(repo, contract.change, contract.lookup(values)), 1);
        const orm = await reread(values);
        for (const [key, value] of Object.entries(contract.change)) assert.deepEqual(orm[key], value, key);
        assert.deepEqual(await findOneWhere(repo, contract.lookup(values)), orm);
        assert.equal(await updateWhere(repo, contract.change, { ...contract.lookup(values), ...missing() }), 0, 'no row, no change');
      });

      const whenUpdateDate = hasUpdateDate ? it : () => undefined;
      whenUpdateDate('updateWhere bumps the update date to now unless the caller gives it', async () => {
        const updatedAt = repo.metadata.updateDateColumn!.propertyName;
        const createdAt = repo.metadata.createDateColumn!.propertyName;
        const long = new Date('2001-02-03T04:05:06Z');
        const { values } = await insert({ [createdAt]: long, [updatedAt]: long });
        assert.deepEqual((await reread(values))[updatedAt], long, 'insertRow keeps a given date');
        const start = seconds(Date.now());
        assert.equal(await updateWhere(repo, contract.change, contract.lookup(values)), 1);
        const orm = await reread(values);
        const bumped = orm[updatedAt] as Date;
        assert.ok(bumped.getTime() >= start.getTime() && bumped.getTime() <= Date.now(), `${updatedAt} bumped to now: ${bumped.toISOString()}`);
        assert.equal(bumped.getMilliseconds(), 0, 'whole seconds, as DATETIME(0) keeps');
        assert.deepEqual(orm[createdAt], long, 'the created date is untouched');
        assert.deepEqual(await findOneWhere(repo, contract.lookup(values)), orm);
        const later = new Date('2002-03-04T05:06:07Z');
        assert.equal(await updateWhere(repo, { ...contract.change, [updatedAt]: later }, contract.lookup(values)), 1);
        assert.deepEqual((await reread(values))[updatedAt], later, 'a given update date wins');
      });
    });
  }
});
