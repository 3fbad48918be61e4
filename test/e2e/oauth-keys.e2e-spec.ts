import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { oauthConfig, OAuthConfig } from '../../src/config/configuration';
import { PROJECT_ROOT } from '../../src/config/paths';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { AccessToken } from '../../src/tokens/access-token.entity';
import { generateKeyPem, signingKeyFromPem } from '../../src/tokens/keys/signing-key-files';
import { SigningKeyRecord } from '../../src/tokens/keys/signing-key.entity';
import { SigningKeysService } from '../../src/tokens/keys/signing-keys.service';
import { HousekeepingService } from '../../src/housekeeping/housekeeping.service';
import { getFreePort, makeDataDir, removeDataDir, startApp, TestApp, testDatabaseUrl } from '../support/app';
import { basic, clientCredentials, postForm, seedApp, SeededApp, seedUser } from '../support/oauth';

const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
const kidOf = (jwt: string) => headerOf(jwt).kid as string;
const jwksOf = async (t: TestApp | string) =>
  ((await (await fetch(`${typeof t === 'string' ? t : t.baseUrl}/oauth/jwks/`)).json()) as { keys: Array<Record<string, string>> }).keys;
const keysOf = (t: TestApp) => t.get<SigningKeysService>(SigningKeysService);

/** `npm run cli -- ...` against the instance's database. */
async function cli(t: TestApp, ...args: string[]): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist/src/cli.js'), ...args], {
    env: { ...process.env, ...t.env, LOG_LEVEL: 'error' },
    timeout: 20_000,
  });
  return JSON.parse(stdout) as Record<string, string>;
}

/** Waits until `check` holds, polling; false when `ms` passed first. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  do {
    if (await check()) return true;
    await sleep(100);
  } while (Date.now() < deadline);
  return false;
}

/** The real server (dist/src/main.js) on this file's database, as an operator starts it. */
function serverProcess(port: number, dataDir: string, extra: Record<string, string> = {}) {
  return spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      ISSUER: 'http://127.0.0.1:1',
      DATABASE_URL: testDatabaseUrl(dataDir),
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
      SIGNING_KEYS_DIR: join(dataDir, 'keys'),
      MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
      LOG_LEVEL: 'error',
      CLEANUP_INTERVAL_SECONDS: '0',
      // No event-loop shedding (a 503 just after start on a busy machine) unless a test asks for it.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('signing keys: kept in the database, sealed, imported once from an earlier key folder', () => {
  const dataDir = makeDataDir();
  // Each restart gets a new port; the issuer (and so `iss`/`aud`) must stay the same.
  const ISSUER = 'https://issuer.example';
  let t: TestApp | undefined;
  let app: SeededApp;
  let legacyKid: string;
  const introspect = (tok: string) =>
    postForm(t!, '/oauth/introspect/', { token: tok }, { authorization: basic(app.clientId, app.clientSecret!) }).then((r) => r.json);

  before(async () => {
    // An earlier version's key folder, as an upgrade finds it.
    const pem = generateKeyPem('ES256');
    const activeFrom = Date.now() - 1000;
    mkdirSync(join(dataDir, 'keys'));
    writeFileSync(join(dataDir, 'keys', `${activeFrom}-ES256.pem`), pem);
    legacyKid = signingKeyFromPem(pem, 'ES256', activeFrom).kid;
    t = await startApp({ ISSUER }, dataDir);
    app = await seedApp(t, (await seedUser(t)).id);
  });
  after(async () => {
    await t?.close();
    removeDataDir(dataDir);
  });

  it('imports the key files of an earlier version once: their key keeps signing and verifying, sealed at rest', async () => {
    assert.ok((await jwksOf(t!)).some((k) => k.kid === legacyKid));
    const token = (await clientCredentials(t!, app)).json.access_token;
    assert.equal(kidOf(token), legacyKid);
    await t!.close();
    t = await startApp({ ISSUER }, dataDir);
    assert.equal((await introspect(token)).active, true);
    const rows = (await t.dataSource.query('SELECT private_key_sealed FROM signing_keys WHERE kid = ?', [legacyKid])) as Array<{ private_key_sealed: string }>;
    assert.equal(rows.length, 1, 'imported once');
    assert.doesNotMatch(rows[0].private_key_sealed, /PRIVATE KEY|^MI/);
  });

  it('a key rotated to start later is published at once but does not sign yet', async () => {
    const { key } = await keysOf(t!).rotate(3600);
    assert.ok((await jwksOf(t!)).some((k) => k.kid === key.kid));
    const signing = kidOf((await clientCredentials(t!, app)).json.access_token);
    assert.notEqual(signing, key.kid);
    const listed = await keysOf(t!).list();
    assert.deepEqual(
      [key.kid, signing].map((kid) => listed.find((k) => k.kid === kid)?.signing),
      [false, true],
    );
    await keysOf(t!).retire(key.kid);
    assert.ok(!(await jwksOf(t!)).some((k) => k.kid === key.kid));
  });

  it('keys:retire refuses the key that signs and a key whose tokens may still be valid; later (or forced) it removes it', async () => {
    const old = kidOf((await clientCredentials(t!, app)).json.access_token);
    const { key } = await keysOf(t!).rotate(0);
    assert.equal(kidOf((await clientCredentials(t!, app)).json.access_token), key.kid);
    await assert.rejects(keysOf(t!).retire(key.kid), /still signs/);
    await assert.rejects(keysOf(t!).retire(old), /may be valid until/);
    assert.ok(
      (await jwksOf(t!)).some((k) => k.kid === old),
      'still published',
    );
    // The longest access token lifetime an application may choose, and a reload interval, later it may go.
    await assert.rejects(keysOf(t!).retire(old, false, Date.now() + 86400 * 1000), /may be valid until/);
    await keysOf(t!).retire(old, false, Date.now() + (86400 + 61) * 1000);
    assert.ok(!(await jwksOf(t!)).some((k) => k.kid === old));
    await assert.rejects(keysOf(t!).retire('no-such-kid', true), /no signing key/);
  });

  it('a token verified before is refused once its key is retired (a remembered signature lives no longer than its key)', async () => {
    const token = (await clientCredentials(t!, app)).json.access_token;
    assert.equal((await introspect(token)).active, true);
    // A successor that activates a second later (a retired key needs one), then the key goes.
    await keysOf(t!).rotate(1);
    await keysOf(t!).retire(kidOf(token), true, Date.now() + 2000);
    assert.equal((await introspect(token)).active, false);
    await sleep(1100); // the successor signs from here on, as the next tests expect
  });

  it('JWT_ALGORITHM=RS256 signs with a new RSA key while ES256 tokens still verify', async () => {
    const es = (await clientCredentials(t!, app)).json.access_token;
    await t!.close();
    t = await startApp({ ISSUER, JWT_ALGORITHM: 'RS256' }, dataDir);
    const rs = (await clientCredentials(t, app)).json.access_token;
    assert.equal(headerOf(rs).alg, 'RS256');
    const jwk = (await jwksOf(t)).find((k) => k.kid === kidOf(rs))!;
    assert.deepEqual([jwk.kty, jwk.alg, jwk.use], ['RSA', 'RS256', 'sig']);
    assert.equal((await introspect(es)).active, true);
    assert.equal((await introspect(rs)).active, true);
  });

  it('cleanup deletes expired tokens in batches and keeps live ones', async () => {
    const live = (await clientCredentials(t!, app)).json.access_token;
    const dead = (await clientCredentials(t!, app)).json.access_token;
    const jti = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).jti as string;
    const repo = t!.get<DataSource>(DataSource).getRepository(AccessToken);
    await repo.update({ jti: jti(dead) }, { expiresAt: new Date(Date.now() - 1000) });
    const counts = await t!.get<HousekeepingService>(HousekeepingService).cleanup();
    assert.ok(counts.access_tokens >= 1);
    assert.equal(await repo.countBy({ jti: jti(dead) }), 0);
    assert.equal(await repo.countBy({ jti: jti(live) }), 1);
  });
});

describe('signing keys on two instances: rotation without a restart', () => {
  const dataDir = makeDataDir();
  const env = { SIGNING_KEYS_RELOAD_SECONDS: '1' };
  let a: TestApp;
  let b: TestApp;
  let app: SeededApp;
  const introspect = (t: TestApp, tok: string) =>
    postForm(t, '/oauth/introspect/', { token: tok }, { authorization: basic(app.clientId, app.clientSecret!) }).then((r) => r.json.active as boolean);

  before(async () => {
    a = await startApp(env, dataDir);
    // The same ISSUER, as behind one load balancer.
    b = await startApp({ ...env, ISSUER: a.env.ISSUER }, dataDir);
    app = await seedApp(a, (await seedUser(a)).id, { grantTypes: ['client_credentials'], redirectUris: [] });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    removeDataDir(dataDir);
  });

  it('keys:rotate on one: the other publishes it within the reload interval, both sign with it from its activation, each verifies the other throughout', async () => {
    const before = (await clientCredentials(a, app)).json.access_token;
    const rotated = await cli(a, 'keys:rotate', '--activate-in', '4');
    const activatesAt = Date.parse(rotated.activates_at);
    assert.ok(Math.abs(activatesAt - (Date.now() + 4000)) < 3000, rotated.activates_at);
    assert.ok(await within(2500, async () => (await jwksOf(b)).some((k) => k.kid === rotated.kid)), 'published by the other instance');
    if (Date.now() < activatesAt - 300) {
      assert.notEqual(kidOf((await clientCredentials(b, app)).json.access_token), rotated.kid, 'not signing before its activation');
    }
    await sleep(Math.max(0, activatesAt - Date.now()) + 100);
    const fromA = (await clientCredentials(a, app)).json.access_token;
    const fromB = (await clientCredentials(b, app)).json.access_token;
    assert.equal(kidOf(fromA), rotated.kid);
    assert.equal(kidOf(fromB), rotated.kid);
    for (const t of [a, b]) for (const tok of [before, fromA, fromB]) assert.equal(await introspect(t, tok), true);
  });

  it('a token signed with a key created since the last reload is verified at once', async () => {
    const c = await startApp({ SIGNING_KEYS_RELOAD_SECONDS: '3600', ISSUER: a.env.ISSUER }, dataDir);
    try {
      const { key } = await keysOf(a).rotate(0);
      const token = (await clientCredentials(a, app)).json.access_token;
      assert.equal(kidOf(token), key.kid);
      assert.equal(await introspect(c, token), true);
    } finally {
      await c.close();
    }
  });
});

describe('signing keys: instances starting together on an empty store make one key', () => {
  const dataDir = makeDataDir();
  let db: DataSource;
  before(async () => {
    db = new DataSource(buildDataSourceOptions(testDatabaseUrl(dataDir)));
    await db.initialize();
    await db.runMigrations();
  });
  after(async () => {
    await db.destroy();
    removeDataDir(dataDir);
  });

  it('two server processes started at once publish the same single key', async () => {
    await db.query('DELETE FROM signing_keys');
    const ports = [await getFreePort(), await getFreePort()];
    const children = ports.map((port) => serverProcess(port, dataDir));
    try {
      const up = (port: number) => within(30_000, async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200);
      assert.deepEqual(await Promise.all(ports.map(up)), [true, true]);
      const sets = await Promise.all(ports.map((port) => jwksOf(`http://127.0.0.1:${port}`)));
      assert.deepEqual(
        sets.map((keys) => keys.map((k) => k.kid)),
        [[sets[0][0].kid], [sets[0][0].kid]],
      );
    } finally {
      for (const child of children) child.kill('SIGTERM');
    }
  });

  it('an instance whose SIGNING_KEYS_SECRET opens no key refuses to start, saying so', async () => {
    const child = serverProcess(await getFreePort(), dataDir, { SIGNING_KEYS_SECRET: 'another-secret-that-is-long-enough-0123456789' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await Promise.race([new Promise((r) => child.on('close', r)), sleep(30_000).then(() => 'timeout')]);
    child.kill('SIGKILL');
    assert.notEqual(code, 0);
    assert.notEqual(code, 'timeout');
    assert.match(out, /No ES256 signing key opens with SIGNING_KEYS_SECRET/);
  });

  it('two key services racing on an empty store: the unique generation lets one key in', async () => {
    const t = await startApp({}, dataDir);
    try {
      await db.query('DELETE FROM signing_keys');
      const config = t.get<OAuthConfig>(oauthConfig.KEY);
      const services = [1, 2].map(() => new SigningKeysService(t.dataSource.getRepository(SigningKeyRecord), config));
      await Promise.all(services.map((s) => s.onModuleInit()));
      services.forEach((s) => s.onModuleDestroy());
      assert.equal(Number((await db.query('SELECT COUNT(*) AS n FROM signing_keys'))[0].n), 1);
      assert.equal(services[0].current().kid, services[1].current().kid);
    } finally {
      await t.close();
    }
  });
});
