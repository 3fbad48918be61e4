/*
 * npm run bench [-- options]: builds nothing itself (the npm script compiles first), starts the
 * product in production mode, the peer (node-oidc-provider, bench/peer/server.mjs, in memory)
 * and the bare node:http baseline next to it, seeds through the product's services, and drives
 * them with autocannon. Each round runs a scenario on the product, the peer, then the baseline,
 * so that a noisy machine affects all three alike; the table gives each round's ratios and their
 * median. The peer runs token-cc, introspect and resource only. Prints a table; writes
 * bench/results/<timestamp>.json and .md.
 *
 *   --smoke                 every scenario 2 s, 1 run, 4 connections, SQLite, peer included; exit 1 on errors only
 *   --scenarios a,b         subset of: token-cc token-refresh introspect resource code-flow login
 *   --phases empty,full     full = after `bench:seed` scale data (--users, --tokens)
 *   --duration 10 --runs 3 --connections 32 --warmup 2
 *   --settle 30             also read idle RSS after this many quiet seconds (V8's idle-time GC); 0 = not
 *   --alg ES256|RS256       JWT_ALGORITHM for the product and the baseline
 *   --log-level warn        the product's LOG_LEVEL (measure `info` separately to see its cost)
 *   --cpu-prof              run the product under node --cpu-prof and print its top functions
 *   --node-options="..."    the product's node flags instead of start:prod's (e.g. heap limits)
 *   --product-env="A=1 B=2" the product's extra environment instead of start:prod's (`--product-env=` for none)
 *   --no-peer --no-baseline --no-pin
 * DATABASE_URL=mariadb://root@127.0.0.1:3306/auth_center_bench runs on MariaDB (the database is
 * dropped and created; its name must contain "bench"). Otherwise a fresh SQLite file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Db, isMysqlUrl, openDb, sqlDate } from './lib/db';
import { parseOptions, Options } from './lib/options';
import { memory, pinSelf, runNode, sampleRss, Server, startServer, waitHealthy } from './lib/process';
import { loadWithCpu } from './lib/autocannon';
import { fmt, ratios, Row, RunResult, summarize, table, Target, verdicts } from './lib/report';
import { summarizeByPackage, summarizeProfile } from './profile-summary';
import { PEER_SCENARIOS, PeerFixtures, peerScenario, Scenario, scenario, ScenarioState } from './scenarios';
import type { Fixtures } from './seed';
import { generateKeyPem } from '../src/tokens/keys/signing-key-files';

const ROOT = resolve(__dirname, '..', '..');
const PRODUCT = join(ROOT, 'dist', 'src', 'main.js');
const BASELINE = join(__dirname, 'baseline', 'server.js');
// ESM (oidc-provider is ESM only), run from the source tree rather than compiled.
const PEER = join(ROOT, 'bench', 'peer', 'server.mjs');
const SEED = join(__dirname, 'seed.js');
const SCALE_SEED = join(__dirname, 'scale-seed.js');

async function recreateMysqlDatabase(url: string): Promise<void> {
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/bench/.test(name) || !/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to drop database "${name}": its name must contain "bench"`);
  u.pathname = '/';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: u.toString() });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
}

/** Fresh refresh tokens as the product stores them (SHA-256, own family), inserted in bulk. */
async function refreshPool(db: Db, f: Fixtures, n: number): Promise<string[]> {
  const tokens: string[] = [];
  const rows: unknown[][] = [];
  const expires = sqlDate(Date.now() + 86400000);
  const { createHash, randomUUID } = await import('node:crypto');
  for (let i = 0; i < n; i++) {
    const t = randomBytes(32).toString('base64url');
    tokens.push(t);
    rows.push([createHash('sha256').update(t).digest('hex'), f.appId, f.userId, f.scopes, randomUUID(), expires]);
  }
  await db.insertMany('refresh_tokens', ['token_hash', 'application_id', 'user_id', 'scopes', 'family_id', 'expires_at'], rows);
  return tokens;
}

/** Signs the bench user in once through the real pages; the cookie serves code-flow. */
async function signIn(url: string, f: Fixtures): Promise<string> {
  // Setting up, not measuring: an answer shed while the machine is busy (503) is asked for again.
  for (let attempt = 1; ; attempt++) {
    const page = await fetch(`${url}/accounts/login/`);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1];
    const cookie = page.headers.getSetCookie()[0]?.split(';')[0];
    if (page.status === 503 && attempt < 20) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (!csrf || !cookie) throw new Error(`sign-in page gave no CSRF token or cookie (${page.status})`);
    const res = await fetch(`${url}/accounts/login/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ username: f.username, password: f.password, _csrf: csrf }),
    });
    const signed = res.headers.getSetCookie()[0]?.split(';')[0];
    if (res.status === 503 && attempt < 20) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (res.status !== 303 || !signed) throw new Error(`sign-in failed: ${res.status}`);
    return signed;
  }
}

/** One request of a scenario, checked for its status and the shape of its answer before any load. */
async function verifyOnce(server: Server, sc: Scenario): Promise<void> {
  if (!sc.verify) return;
  const [req] = sc.requests;
  const res = await fetch(server.url + req.path, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported below
  }
  const problem = sc.expected.includes(res.status) ? sc.verify(json) : `status ${res.status}`;
  if (problem) throw new Error(`${server.name} ${sc.name}: ${problem}: ${text.slice(0, 300)}`);
}

async function measure(server: Server, sc: Scenario, o: Options, duration: number): Promise<RunResult> {
  const stopRss = sampleRss(server.pid);
  const { result: r, cpuMs } = await loadWithCpu(server.pid, { url: server.url, connections: o.connections, duration, requests: sc.requests, timeout: 10 });
  const peakRss = stopRss();
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
  const ok = sc.expected.reduce((n, code) => n + (statuses[String(code)] ?? 0), 0);
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  let bad = answered - ok + r.errors + r.timeouts;
  if (server.exited) bad += 1;
  const ops = ok / sc.chain;
  return { rps: ops / (r.duration || duration), p50: r.latency.p50, p99: r.latency.p99, peakRss, cpuUs: ops > 0 ? (cpuMs * 1000) / ops : NaN, bad, statuses };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const pin = pinSelf(o.pin);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const work = join(ROOT, 'bench', 'results', `${o.smoke ? 'smoke-' : ''}${stamp}`);
  mkdirSync(work, { recursive: true });
  const envUrl = process.env.DATABASE_URL;
  const dbUrl = !o.smoke && envUrl && isMysqlUrl(envUrl) ? envUrl : `sqlite:${join(work, 'bench.sqlite')}`;
  const dbLabel = isMysqlUrl(dbUrl) ? 'MariaDB/MySQL' : 'SQLite';
  if (isMysqlUrl(dbUrl)) await recreateMysqlDatabase(dbUrl);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(
    `auth-center bench: ${dbLabel}, ${o.alg}, LOG_LEVEL=${o.logLevel}, ${o.connections} connections, ${o.duration} s × ${o.runs} runs (median), node ${process.version}`,
  );
  log(pin.note);

  const productPort = o.port;
  const baselinePort = o.port + 1;
  const peerPort = o.port + 2;
  const withPeer = o.peer && o.scenarios.some((n) => PEER_SCENARIOS.includes(n));
  const peerFile = join(work, 'peer-fixtures.json');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(36).toString('base64url'),
    DATABASE_URL: dbUrl,
    SIGNING_KEYS_DIR: join(work, 'keys'),
    MAIL_OUTBOX_DIR: join(work, 'outbox'),
    ISSUER: `http://127.0.0.1:${productPort}`,
    LOG_LEVEL: o.logLevel,
    CLEANUP_INTERVAL_SECONDS: '0',
    JWT_ALGORITHM: o.alg,
  };
  // The product keeps its keys in the database; the baseline signs with the same key, so it is
  // made here as a key file of an earlier version, which the product imports on first start.
  mkdirSync(env.SIGNING_KEYS_DIR!, { recursive: true });
  writeFileSync(join(env.SIGNING_KEYS_DIR!, `${Date.now() - 1000}-${o.alg}.pem`), generateKeyPem(o.alg), { mode: 0o600 });
  const fixturesFile = join(work, 'fixtures.json');
  await runNode(SEED, [fixturesFile], env);
  const f = JSON.parse(readFileSync(fixturesFile, 'utf8')) as Fixtures;
  const db = await openDb(dbUrl, 2);

  const rows: Row[] = [];
  const idle: Record<string, Partial<Record<Target, number>>> = {};
  const settled: Record<string, number> = {};
  const lastRps: Record<string, number> = {};
  let failed = false;
  const servers: Server[] = [];
  const profDir = join(work, 'profile');
  try {
    for (const phase of o.phases) {
      if (phase === 'full') {
        log(`seeding scale data: ${o.users} users, ${o.tokens} access tokens ...`);
        await runNode(SCALE_SEED, ['--users', String(o.users), '--tokens', String(o.tokens)], env);
      }
      const product = startServer('product', PRODUCT, { ...env, ...o.productEnv, PORT: String(productPort) }, productPort, pin, [
        ...o.nodeOptions,
        ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
      ]);
      servers.push(product);
      await waitHealthy(product, '/health');
      // The peer keeps everything in memory and knows nothing of the phases; it is started
      // afresh with the others for each phase all the same, so that its idle RSS is measured alike.
      let peer: Server | undefined;
      let pf: PeerFixtures | undefined;
      if (withPeer) {
        peer = startServer('peer', PEER, { PATH: env.PATH, HOME: env.HOME, NODE_ENV: 'production', PORT: String(peerPort) }, peerPort, pin, [], [peerFile]);
        servers.push(peer);
        await waitHealthy(peer, '/.well-known/openid-configuration');
        pf = JSON.parse(readFileSync(peerFile, 'utf8')) as PeerFixtures;
      }
      let baseline: Server | undefined;
      if (o.baseline) {
        baseline = startServer('baseline', BASELINE, { ...env, PORT: String(baselinePort) }, baselinePort, pin);
        servers.push(baseline);
        await waitHealthy(baseline, '/health');
      }
      await new Promise((r) => setTimeout(r, 1000));
      const running: Array<[Target, Server | undefined]> = [
        ['product', product],
        ['peer', peer],
        ['baseline', baseline],
      ];
      idle[phase] = Object.fromEntries(running.filter(([, s]) => s).map(([t, s]) => [t, memory(s!.pid)?.rss ?? NaN]));
      log(
        `[${phase}] idle RSS: ${Object.entries(idle[phase])
          .map(([t, mb]) => `${t} ${fmt(mb)} MB`)
          .join(', ')}`,
      );
      if (o.settle > 0) {
        // V8 gives back the young generation and the start's garbage only once the process
        // has been quiet for a while (its memory reducer, some 10-30 s after start).
        await new Promise((r) => setTimeout(r, o.settle * 1000));
        settled[phase] = memory(product.pid)?.rss ?? NaN;
        log(`[${phase}] idle RSS after ${o.settle} s quiet: product ${fmt(settled[phase])} MB`);
      }
      const sessionCookie = await signIn(product.url, f);

      for (const name of o.scenarios) {
        const peerSc = pf ? peerScenario(name, pf) : undefined;
        // The order of each round: product, peer (where it has this scenario), baseline.
        const targets = running.filter(([t, s]) => s && (t !== 'peer' || peerSc)) as Array<[Target, Server]>;
        const results: Record<Target, RunResult[]> = { product: [], peer: [], baseline: [] };
        const stateFor = async (t: Target, seconds: number): Promise<ScenarioState> => {
          if (name !== 'token-refresh') return { sessionCookie };
          const n = Math.ceil(seconds * Math.max(o.smoke ? 2000 : 3000, 1.6 * (lastRps[t] ?? 0)));
          return { sessionCookie, refreshPool: await refreshPool(db, f, n) };
        };
        const scenarioFor = async (t: Target, seconds: number): Promise<Scenario> => (t === 'peer' ? peerSc! : scenario(name, f, await stateFor(t, seconds)));
        for (const [t, s] of targets) await verifyOnce(s, t === 'peer' ? peerSc! : scenario(name, f, { sessionCookie }));
        if (o.warmup > 0) {
          for (const [t, s] of targets) {
            const w = await measure(s, await scenarioFor(t, o.warmup), o, o.warmup);
            lastRps[t] = w.rps;
          }
        }
        for (let i = 0; i < o.runs; i++) {
          for (const [t, s] of targets) {
            const r = await measure(s, await scenarioFor(t, o.duration), o, o.duration);
            lastRps[t] = r.rps;
            results[t].push(r);
            log(
              `[${phase}] ${name} ${t} run ${i + 1}: ${fmt(r.rps)} ops/s, p50 ${r.p50} ms, p99 ${r.p99} ms, CPU ${fmt(r.cpuUs)} µs/op, RSS ${fmt(r.peakRss)} MB, statuses ${JSON.stringify(r.statuses)}${r.bad ? `, ${r.bad} BAD` : ''}`,
            );
            if (s.exited) throw new Error(`${s.name} crashed (${s.exitInfo}):\n${s.stderrTail.join('\n')}`);
          }
        }
        const p = summarize(results.product);
        const pe = results.peer.length ? summarize(results.peer) : undefined;
        const b = results.baseline.length ? summarize(results.baseline) : undefined;
        rows.push({
          phase,
          scenario: name,
          product: p,
          peer: pe,
          baseline: b,
          vsPeer: pe ? ratios(results.product, results.peer) : undefined,
          vsBaseline: b ? ratios(results.product, results.baseline) : undefined,
          note: scenario(name, f, {}).note,
        });
        if (p.bad || pe?.bad || b?.bad) failed = true;
      }
      // The peer is configured to run silently: anything it printed (a notice, a warning) is shown.
      for (const line of peer?.stderrTail ?? []) log(`[${phase}] peer printed: ${line}`);
      for (const s of servers.splice(0)) await s.stop();
    }
  } finally {
    for (const s of servers) await s.stop();
    await db.close();
  }

  const header = [
    `# auth-center bench ${stamp}`,
    '',
    `- database: ${dbLabel}; JWT ${o.alg}; product LOG_LEVEL=${o.logLevel}; NODE_ENV=production${Object.entries(o.productEnv)
      .map(([k, v]) => ` ${k}=${v}`)
      .join('')}${o.nodeOptions.length ? `; node ${o.nodeOptions.join(' ')}` : ''}`,
    `- load: autocannon, ${o.connections} connections, ${o.duration} s per run, ${o.runs} round(s), median reported; each round runs product, peer, baseline in turn; × peer / × baseline = product rps ÷ theirs in that round`,
    `- peer: ${withPeer ? `node-oidc-provider ${peerVersion()} (in memory; token-cc, introspect, resource), NODE_ENV=production` : 'none (--no-peer)'}`,
    `- ${pin.note}`,
    `- idle RSS, 1 s after start: ${Object.entries(idle)
      .map(
        ([phase, v]) =>
          `${phase} ${Object.entries(v)
            .map(([t, mb]) => `${t} ${fmt(mb)} MB`)
            .join(', ')}`,
      )
      .join('; ')}${
      Object.keys(settled).length
        ? `; product after ${o.settle} s quiet: ${Object.entries(settled)
            .map(([k, v]) => `${k} ${fmt(v)} MB`)
            .join(', ')}`
        : ''
    }`,
    `- ops/s: code-flow = authorize + token exchange; login = sign-in page + POST (argon2id)`,
    `- node ${process.version}; took ${fmt((Date.now() - started) / 1000)} s`,
  ].join('\n');
  const checks = o.smoke ? [] : verdicts(rows, idle, isMysqlUrl(dbUrl) ? 'mysql' : 'sqlite', o.connections);
  const md = `${header}\n\n${table(rows)}\n${checks.length ? `\n${checks.map((c) => `- ${c}`).join('\n')}\n` : ''}`;
  writeFileSync(join(work, '..', `${o.smoke ? 'smoke-' : ''}${stamp}.md`), md);
  writeFileSync(join(work, '..', `${o.smoke ? 'smoke-' : ''}${stamp}.json`), JSON.stringify({ options: o, db: dbLabel, pin, idle, settled, rows }, null, 2));
  log(`\n${md}`);
  if (o.cpuProf) {
    const profiles = readdirSync(profDir).filter((n) => n.endsWith('.cpuprofile'));
    for (const p of profiles)
      log(`\nCPU profile ${p}, self time by package:\n${summarizeByPackage(join(profDir, p))}\n\ntop functions:\n${summarizeProfile(join(profDir, p), 30)}`);
  }
  if (failed) {
    process.stderr.write('bench: some requests failed (see statuses above)\n');
    process.exitCode = 1;
  }
}

function peerVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'oidc-provider', 'package.json'), 'utf8')) as { version: string }).version;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
