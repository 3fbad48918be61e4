/*
 * `npm run bench:floor`: what the HTTP stack alone costs per request (bench/floor/server.ts),
 * measured like the scenarios (pinned, 32 connections, median of the runs, server CPU time per
 * request). It shows how much of the product's cost is the platform before any of its own work.
 */
import { join } from 'node:path';
import { FLOOR_STACKS } from './floor/server';
import { loadWithCpu, median } from './lib/autocannon';
import { memory, pinSelf, startServer, waitHealthy } from './lib/process';

const SERVER = join(__dirname, 'floor', 'server.js');

function option(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(`--${name}`);
  const v = Number(i >= 0 ? argv[i + 1] : dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const duration = option(argv, 'duration', 5);
  const runs = option(argv, 'runs', 3);
  const connections = option(argv, 'connections', 32);
  const pin = pinSelf(!argv.includes('--no-pin'));
  const port = option(argv, 'port', 3950);
  process.stdout.write(
    `bench floor: GET /floor/:pk answering a small JSON, ${connections} connections, ${duration} s × ${runs} runs (median), node ${process.version}\n${pin.note}\n`,
  );
  const rows: string[] = [];
  for (const stack of FLOOR_STACKS) {
    const server = startServer(stack, SERVER, { PATH: process.env.PATH, PORT: String(port), NODE_ENV: 'production' }, port, pin, [], [stack]);
    try {
      await waitHealthy(server, '/health');
      const results: Array<{ rps: number; cpuUs: number; p99: number }> = [];
      for (let i = 0; i < runs; i++) {
        const { result: r, cpuMs } = await loadWithCpu(server.pid, { url: `${server.url}/floor/5`, connections, duration });
        if (server.exited) throw new Error(`${stack} exited (${server.exitInfo}):\n${server.stderrTail.join('\n')}`);
        const ok = r['2xx'];
        results.push({ rps: ok / r.duration, cpuUs: (cpuMs * 1000) / ok, p99: r.latency.p99 });
      }
      const row = `| ${stack} | ${median(results.map((r) => r.rps)).toFixed(0)} | ${median(results.map((r) => r.cpuUs)).toFixed(0)} | ${median(results.map((r) => r.p99))} | ${(memory(server.pid)?.rss ?? NaN).toFixed(0)} |`;
      rows.push(row);
      process.stdout.write(`${row}\n`);
    } finally {
      await server.stop();
    }
  }
  process.stdout.write(['', '| stack | rps | CPU µs/request | p99 ms | RSS MB |', '|---|---:|---:|---:|---:|', ...rows, ''].join('\n'));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench floor failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
