/* autocannon (it ships no types), and what the benches compute from its runs. */
import { cpuTimeMs } from './process';

export interface AcResult {
  duration: number;
  errors: number;
  timeouts: number;
  requests: { total: number };
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
  '2xx': number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: object) => Promise<AcResult>;

/** One autocannon run against a server, with the CPU time (ms) the server process used meanwhile. */
export async function loadWithCpu(pid: number, opts: object): Promise<{ result: AcResult; cpuMs: number }> {
  const before = cpuTimeMs(pid) ?? NaN;
  const result = await autocannon(opts);
  return { result, cpuMs: (cpuTimeMs(pid) ?? NaN) - before };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
