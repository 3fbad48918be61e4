/*
 * What sender-constrained tokens cost, against their Bearer versions, on one product instance
 * speaking HTTPS (so TLS itself is in every figure alike):
 *   resource-bearer  GET /accounts/resource/user/:pk.json, Bearer token
 *   resource-dpop    the same with a DPoP-bound token and a fresh proof per request (RFC 9449)
 *   token-basic      POST /oauth/token/ client_credentials, client_secret_basic
 *   token-mtls       the same with tls_client_auth and a certificate-bound token (RFC 8705)
 * Usage: npm run bench:sender [-- --duration 10 --runs 3 --connections 32]
 * Options as bench/run.ts where they apply (SQLite only: it compares, it does not size).
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { makeCa, makeCert } from '../test/support/tls';
import { loadWithCpu, median } from './lib/autocannon';
import { parseOptions } from './lib/options';
import { pinSelf, runNode, sampleRss, Server, startServer } from './lib/process';
import { fmt } from './lib/report';
import { basic } from './scenarios';
import type { Fixtures } from './seed';
import { BENCH_CLIENT_SUBJECT, SenderFixtures } from './sender-seed';

const ROOT = resolve(__dirname, '..', '..');
const PRODUCT = join(ROOT, 'dist', 'src', 'main.js');
const FORM = 'application/x-www-form-urlencoded';

interface Spec {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  tls?: { cert: string; key: string };
  /** Per request: a header computed fresh (the DPoP proof). */
  fresh?: () => Record<string, string>;
  prepare?: (seconds: number, rps: number) => Promise<void>;
}

function waitHttps(server: Server, ca: string, timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolveWait, reject) => {
    const attempt = () => {
      if (server.exited) return reject(new Error(`product exited: ${server.stderrTail.join('\n')}`));
      if (Date.now() > until) return reject(new Error('product did not start'));
      const req = request(`${server.url.replace('http:', 'https:')}/health`, { ca }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolveWait();
        else setTimeout(attempt, 200);
      });
      req.on('error', () => setTimeout(attempt, 200));
      req.end();
    };
    attempt();
  });
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const pin = pinSelf(o.pin);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const work = join(ROOT, 'bench', 'results', `sender-${stamp}`);
  mkdirSync(work, { recursive: true });
  const ca = makeCa(work);
  const serverCert = makeCert(work, 'server', { subject: '/CN=127.0.0.1', ca, san: ['IP:127.0.0.1'] });
  const clientCert = makeCert(work, 'client', { subject: `/${BENCH_CLIENT_SUBJECT}`, ca });
  const port = o.port;
  const origin = `https://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(36).toString('base64url'),
    DATABASE_URL: `sqlite:${join(work, 'bench.sqlite')}`,
    SIGNING_KEYS_DIR: join(work, 'keys'),
    MAIL_OUTBOX_DIR: join(work, 'outbox'),
    ISSUER: origin,
    LOG_LEVEL: o.logLevel,
    CLEANUP_INTERVAL_SECONDS: '0',
    JWT_ALGORITHM: o.alg,
    TLS_CERT_FILE: serverCert.certFile,
    TLS_KEY_FILE: serverCert.keyFile,
    TLS_CLIENT_CA_FILE: ca.certFile,
  };
  await runNode(join(__dirname, 'seed.js'), [join(work, 'fixtures.json')], env);
  await runNode(join(__dirname, 'sender-seed.js'), [join(work, 'fixtures.json'), join(work, 'sender.json')], env);
  const f = JSON.parse(readFileSync(join(work, 'fixtures.json'), 'utf8')) as Fixtures;
  const s = JSON.parse(readFileSync(join(work, 'sender.json'), 'utf8')) as SenderFixtures;

  // Every request needs a proof of its own (jti never reused, iat within a minute): signed before the run.
  const { d: _d, ...publicJwk } = s.dpopKey;
  const privateKey = await importJWK(s.dpopKey, 'ES256');
  const resourcePath = `/accounts/resource/user/${f.userId}.json`;
  const ath = createHash('sha256').update(s.dpopAccessToken).digest('base64url');
  let proofs: string[] = [];
  const specs: Spec[] = [
    { name: 'resource-bearer', method: 'GET', path: resourcePath, headers: { authorization: `Bearer ${f.accessToken}` } },
    {
      name: 'resource-dpop',
      method: 'GET',
      path: resourcePath,
      headers: { authorization: `DPoP ${s.dpopAccessToken}` },
      fresh: () => ({ dpop: proofs.pop() ?? 'pool-exhausted' }),
      prepare: async (seconds, rps) => {
        const iat = Math.floor(Date.now() / 1000);
        const n = Math.ceil(seconds * Math.max(3000, 1.6 * rps));
        const header = { alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk };
        const claims = { htm: 'GET', htu: origin + resourcePath, iat, ath };
        proofs = await Promise.all(Array.from({ length: n }, () => new SignJWT({ ...claims, jti: randomUUID() }).setProtectedHeader(header).sign(privateKey)));
      },
    },
    {
      name: 'token-basic',
      method: 'POST',
      path: '/oauth/token/',
      headers: { authorization: basic(f), 'content-type': FORM },
      body: 'grant_type=client_credentials&scope=read',
    },
    {
      name: 'token-mtls',
      method: 'POST',
      path: '/oauth/token/',
      headers: { 'content-type': FORM },
      body: `grant_type=client_credentials&scope=read&client_id=${encodeURIComponent(s.tlsClientId)}`,
      tls: { cert: clientCert.cert, key: clientCert.key },
    },
  ];

  const product = startServer('product', PRODUCT, { ...env, PORT: String(port) }, port, pin, o.nodeOptions);
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    await waitHttps(product, ca.cert);
    log(`sender-constrained bench: HTTPS, SQLite, ${o.alg}, ${o.connections} connections, ${o.duration} s × ${o.runs} runs (median); ${pin.note}`);
    const results = new Map<string, Array<{ rps: number; cpuUs: number; p99: number; bad: number }>>();
    const lastRps = new Map<string, number>();
    for (let run = 0; run < o.runs; run++) {
      // Interleaved, so that a noisy machine hits every scenario alike.
      for (const spec of specs) {
        await spec.prepare?.(o.duration + 2, lastRps.get(spec.name) ?? 0);
        const peakRss = sampleRss(product.pid);
        const { result, cpuMs } = await loadWithCpu(product.pid, {
          url: origin,
          connections: o.connections,
          duration: o.duration,
          tlsOptions: spec.tls ?? {},
          requests: [
            {
              method: spec.method,
              path: spec.path,
              headers: spec.headers,
              body: spec.body,
              ...(spec.fresh
                ? { setupRequest: (req: { headers: Record<string, string> }) => ({ ...req, headers: { ...spec.headers, ...spec.fresh!() } }) }
                : {}),
            },
          ],
        });
        peakRss();
        const ok = result['2xx'];
        const rps = ok / result.duration;
        const bad = result.requests.total - ok + result.errors + result.timeouts;
        lastRps.set(spec.name, rps);
        const r = { rps, cpuUs: (cpuMs * 1000) / Math.max(1, ok), p99: result.latency.p99, bad };
        results.set(spec.name, [...(results.get(spec.name) ?? []), r]);
        log(`${spec.name} run ${run + 1}: ${fmt(rps)} ops/s, p99 ${r.p99} ms, CPU ${fmt(r.cpuUs)} µs/op${bad ? `, ${bad} BAD` : ''}`);
      }
    }
    const m = (name: string, k: 'rps' | 'cpuUs' | 'p99') => median(results.get(name)!.map((r) => r[k]));
    log('');
    log('| scenario | ops/s | CPU µs/op | p99 ms | vs Bearer version (ops/s, CPU/op) |');
    log('|---|---:|---:|---:|---|');
    for (const [name, versus] of [
      ['resource-bearer', undefined],
      ['resource-dpop', 'resource-bearer'],
      ['token-basic', undefined],
      ['token-mtls', 'token-basic'],
    ] as const) {
      const cmp = versus ? `${fmt(m(name, 'rps') / m(versus, 'rps'), 2)} ×, ${fmt(m(name, 'cpuUs') / m(versus, 'cpuUs'), 2)} ×` : '';
      log(`| ${name} | ${fmt(m(name, 'rps'))} | ${fmt(m(name, 'cpuUs'))} | ${fmt(m(name, 'p99'))} | ${cmp} |`);
    }
    writeFileSync(join(work, '..', `sender-${stamp}.md`), `${lines.join('\n')}\n`);
    if ([...results.values()].flat().some((r) => r.bad > 0)) process.exitCode = 1;
  } finally {
    await product.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
