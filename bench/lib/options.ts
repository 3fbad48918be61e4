/* The bench's command line (see the usage at the top of bench/run.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioName, SCENARIOS } from '../scenarios';

export type Phase = 'empty' | 'full';

export interface Options {
  smoke: boolean;
  scenarios: ScenarioName[];
  phases: Phase[];
  duration: number;
  runs: number;
  connections: number;
  warmup: number;
  /** Seconds of quiet before idle RSS is read a second time (0: only the reading 1 s after start). */
  settle: number;
  alg: 'ES256' | 'RS256';
  logLevel: string;
  cpuProf: boolean;
  nodeOptions: string[];
  /** Environment variables the product starts with (`start:prod`'s, or --product-env). */
  productEnv: Record<string, string>;
  baseline: boolean;
  /** node-oidc-provider as a peer in token-cc, introspect and resource (bench/peer/server.mjs). */
  peer: boolean;
  pin: boolean;
  users: number;
  tokens: number;
  port: number;
}

export function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    // `--node-options=--max-semi-space-size=2`: a value that is itself a flag needs the = form.
    const eq = name.indexOf('=');
    if (eq > 0) flags.set(name.slice(0, eq), name.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, 'true');
  }
  const smoke = flags.has('smoke');
  const list = (name: string, all: readonly string[], dflt: string) => {
    const v = (flags.get(name) ?? dflt).split(',').filter(Boolean);
    for (const x of v) if (!all.includes(x)) throw new Error(`--${name}: unknown ${x} (one of ${all.join(', ')})`);
    return v;
  };
  const num = (name: string, dflt: number) => {
    const v = Number(flags.get(name) ?? dflt);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} takes a number`);
    return v;
  };
  const alg = flags.get('alg') ?? 'ES256';
  if (alg !== 'ES256' && alg !== 'RS256') throw new Error('--alg is ES256 or RS256');
  const production = productionStart();
  const productEnv = (flags.get('product-env') ?? production.env).split(' ').filter(Boolean);
  for (const kv of productEnv) if (!/^[A-Z_][A-Z0-9_]*=/.test(kv)) throw new Error(`--product-env takes NAME=value pairs separated by spaces, not ${kv}`);
  return {
    smoke,
    scenarios: list('scenarios', SCENARIOS, SCENARIOS.join(',')) as ScenarioName[],
    phases: list('phases', ['empty', 'full'], smoke ? 'empty' : 'empty,full') as Phase[],
    duration: num('duration', smoke ? 2 : 10),
    runs: num('runs', smoke ? 1 : 3),
    connections: num('connections', smoke ? 4 : 32),
    warmup: num('warmup', smoke ? 0 : 2),
    settle: num('settle', smoke ? 0 : 30),
    alg,
    logLevel: flags.get('log-level') ?? 'warn',
    cpuProf: flags.has('cpu-prof'),
    nodeOptions: (flags.get('node-options') ?? production.nodeFlags).split(' ').filter(Boolean),
    productEnv: {
      // The smoke checks that every scenario works; on a busy CI machine event-loop shedding
      // (503 + Retry-After, a product feature measured by bench:overload) would fail it.
      ...(smoke ? { MAX_EVENT_LOOP_DELAY_MS: '0' } : {}),
      ...Object.fromEntries(productEnv.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
    },
    baseline: !flags.has('no-baseline'),
    peer: !flags.has('no-peer'),
    pin: !flags.has('no-pin'),
    users: num('users', 100000),
    tokens: num('tokens', 1000000),
    port: num('port', 3900),
  };
}

/** The environment and node flags `npm run start:prod` uses, so the bench measures the server as it is run. */
function productionStart(): { env: string; nodeFlags: string } {
  // Compiled, this file is dist/bench/lib/options.js: the project root is three levels up.
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const m = /^((?:[A-Z_]+=\S+ )*)node ((?:--\S+ )*)/.exec(pkg.scripts['start:prod']);
  return { env: (m?.[1] ?? '').trim(), nodeFlags: (m?.[2] ?? '').trim() };
}
