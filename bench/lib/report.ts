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

export interface Row {
  phase: Phase;
  scenario: ScenarioName;
  product: Summary;
  baseline?: Summary;
  ratio?: number;
  note?: string;
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

export function table(rows: Row[]): string {
  const head =
    '| phase | scenario | product rps | baseline rps | ratio | CPU µs/op product / baseline (ratio) | p50 ms | p99 ms | baseline p99 ms | peak RSS MB | errors |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (r) =>
      `| ${r.phase} | ${r.scenario} | ${fmt(r.product.rps)} | ${fmt(r.baseline?.rps)} | ${fmt(r.ratio, 2)} | ${fmt(r.product.cpuUs)} / ${fmt(r.baseline?.cpuUs)} (${fmt(r.baseline ? r.baseline.cpuUs / r.product.cpuUs : undefined, 2)}) | ${fmt(r.product.p50)} | ${fmt(r.product.p99)} | ${fmt(r.baseline?.p99)} | ${fmt(r.product.peakRss)} | ${r.product.bad + (r.baseline?.bad ?? 0)} |`,
  );
  return [head, sep, ...lines].join('\n');
}

export function verdicts(rows: Row[], idle: Record<string, number>): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (['token-cc', 'introspect', 'resource'].includes(r.scenario)) {
      if (r.ratio !== undefined) out.push(`${r.ratio >= 0.5 ? 'MET ' : 'MISS'} ${r.phase} ${r.scenario}: ratio ${fmt(r.ratio, 2)} (target ≥ 0.5)`);
      out.push(`${r.product.p99 <= 50 ? 'MET ' : 'MISS'} ${r.phase} ${r.scenario}: p99 ${fmt(r.product.p99)} ms (target ≤ 50)`);
    }
    out.push(`${r.product.peakRss <= 150 ? 'MET ' : 'MISS'} ${r.phase} ${r.scenario}: peak RSS ${fmt(r.product.peakRss)} MB (target ≤ 150)`);
  }
  // Read 1 s after start (what the table's first line says), not after V8's idle-time GC.
  for (const [phase, mb] of Object.entries(idle)) out.push(`${mb <= 100 ? 'MET ' : 'MISS'} ${phase}: idle RSS ${fmt(mb)} MB (target ≤ 100)`);
  for (const full of rows.filter((r) => r.phase === 'full')) {
    const empty = rows.find((r) => r.phase === 'empty' && r.scenario === full.scenario);
    if (!empty) continue;
    const change = full.product.rps / empty.product.rps - 1;
    out.push(`${change >= -0.1 ? 'MET ' : 'MISS'} full vs empty ${full.scenario}: ${change >= 0 ? '+' : ''}${fmt(change * 100, 1)}% (target ≥ −10%)`);
  }
  return out;
}
