/* What the bench makes of its runs: medians per scenario, the Markdown table, the targets met or missed. */
import { median } from './autocannon';
import type { Phase } from './options';
import type { ScenarioName } from '../scenarios';

export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  peakRss: number;
  /** Server CPU time per operation, µs (NaN where /proc is missing). */
  cpuUs: number;
  bad: number;
  statuses: Record<string, number>;
}

/** The servers a scenario runs on, in the order of each round. */
export type Target = 'product' | 'peer' | 'baseline';

/** The product against another target, round by round (runs i of both belong to round i). */
export interface Ratios {
  /** product rps / other rps, per round. */
  rounds: number[];
  median: number;
  /** other CPU µs/op / product CPU µs/op, per round (above 1: the product spends less). */
  cpuRounds: number[];
  cpuMedian: number;
}

export interface Row {
  phase: Phase;
  scenario: ScenarioName;
  product: Summary;
  peer?: Summary;
  baseline?: Summary;
  vsPeer?: Ratios;
  vsBaseline?: Ratios;
  note?: string;
}

export function ratios(product: RunResult[], other: RunResult[]): Ratios {
  const n = Math.min(product.length, other.length);
  const rounds = product.slice(0, n).map((p, i) => p.rps / other[i].rps);
  const cpuRounds = product.slice(0, n).map((p, i) => other[i].cpuUs / p.cpuUs);
  return { rounds, median: median(rounds), cpuRounds, cpuMedian: median(cpuRounds) };
}

/** Medians of the runs (peak RSS: the highest; bad: the sum). */
export interface Summary extends Omit<RunResult, 'statuses'> {
  runs: RunResult[];
}

export function summarize(runs: RunResult[]): Summary {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    peakRss: Math.max(...runs.map((r) => r.peakRss)),
    cpuUs: median(runs.map((r) => r.cpuUs)),
    bad: runs.reduce((n, r) => n + r.bad, 0),
    runs,
  };
}

export const fmt = (n: number | undefined, d = 0) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(d));

const all = (r: Row, f: (s: Summary) => number, d = 0) => [r.product, r.peer, r.baseline].map((s) => (s ? fmt(f(s), d) : '–')).join(' / ');
const perRound = (x: Ratios | undefined) => (x ? `${x.rounds.map((v) => fmt(v, 2)).join(', ')}${x.rounds.length > 1 ? ` (${fmt(x.median, 2)})` : ''}` : '–');

export function table(rows: Row[]): string {
  const head =
    '| phase | scenario | rps product / peer / baseline | × peer per round (median) | × baseline per round (median) | CPU µs/op product / peer / baseline (÷ product, medians) | p50 ms | p99 ms product / peer / baseline | peak RSS MB product / peer / baseline | errors |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map((r) => {
    const cpuRatios = [r.vsPeer, r.vsBaseline].map((x) => fmt(x?.cpuMedian, 2)).join(', ');
    const errors = r.product.bad + (r.peer?.bad ?? 0) + (r.baseline?.bad ?? 0);
    return `| ${r.phase} | ${r.scenario} | ${all(r, (s) => s.rps)} | ${perRound(r.vsPeer)} | ${perRound(r.vsBaseline)} | ${all(r, (s) => s.cpuUs)} (${cpuRatios}) | ${fmt(r.product.p50)} | ${all(r, (s) => s.p99)} | ${all(r, (s) => s.peakRss)} | ${errors} |`;
  });
  return [head, sep, ...lines].join('\n');
}

/** The three scenarios measured against the peer, and the targets the table is read against. */
export const PEER_TARGET = { sqlite: 1.5, mysql: 1.0 } as const;
export const P99_TARGET_MS = 30;
export const P99_CONNECTIONS = 32;
export const PEAK_RSS_TARGET_MB = 150;
export const IDLE_RSS_TARGET_MB = 100;

export function verdicts(rows: Row[], idle: Record<string, Partial<Record<Target, number>>>, db: 'sqlite' | 'mysql', connections: number): string[] {
  const out: string[] = [];
  const mark = (ok: boolean) => (ok ? 'MET ' : 'MISS');
  const peerTarget = PEER_TARGET[db];
  for (const r of rows) {
    if (['token-cc', 'introspect', 'resource'].includes(r.scenario)) {
      if (r.vsPeer) {
        out.push(
          `${mark(r.vsPeer.median >= peerTarget)} ${r.phase} ${r.scenario}: ${fmt(r.vsPeer.median, 2)} × node-oidc-provider's rps, median of rounds ${perRound(r.vsPeer)} (target ≥ ${fmt(peerTarget, 1)} on ${db === 'sqlite' ? 'SQLite' : 'MariaDB'})`,
        );
      }
      out.push(
        connections === P99_CONNECTIONS
          ? `${mark(r.product.p99 <= P99_TARGET_MS)} ${r.phase} ${r.scenario}: p99 ${fmt(r.product.p99)} ms (target ≤ ${P99_TARGET_MS} at ${P99_CONNECTIONS} connections)`
          : `n/a  ${r.phase} ${r.scenario}: p99 ${fmt(r.product.p99)} ms at ${connections} connections (the target, ≤ ${P99_TARGET_MS} ms, is at ${P99_CONNECTIONS})`,
      );
    }
    out.push(
      `${mark(r.product.peakRss <= PEAK_RSS_TARGET_MB)} ${r.phase} ${r.scenario}: peak RSS ${fmt(r.product.peakRss)} MB (target ≤ ${PEAK_RSS_TARGET_MB})`,
    );
  }
  // Read 1 s after start (what the table's first line says), not after V8's idle-time GC.
  for (const [phase, mb] of Object.entries(idle)) {
    if (mb.product !== undefined)
      out.push(`${mark(mb.product <= IDLE_RSS_TARGET_MB)} ${phase}: idle RSS ${fmt(mb.product)} MB (target ≤ ${IDLE_RSS_TARGET_MB})`);
  }
  // Not a target: each phase is a separate start minutes apart, so this carries the machine's drift too.
  for (const full of rows.filter((r) => r.phase === 'full')) {
    const empty = rows.find((r) => r.phase === 'empty' && r.scenario === full.scenario);
    if (!empty) continue;
    const change = (a?: Summary, b?: Summary) => {
      if (!a || !b) return undefined;
      const c = a.rps / b.rps - 1;
      return `${c >= 0 ? '+' : ''}${fmt(c * 100, 1)}%`;
    };
    const parts = (['product', 'peer', 'baseline'] as const).flatMap((t) => {
      const c = change(full[t], empty[t]);
      return c ? [`${t} ${c}`] : [];
    });
    out.push(`info full vs empty ${full.scenario} rps: ${parts.join(', ')}`);
  }
  return out;
}
