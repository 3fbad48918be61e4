/* Starting, pinning, watching and stopping the servers under test. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Pinning {
  enabled: boolean;
  serverCpu?: string;
  loadCpu?: string;
  note: string;
}

/** On 2+ cores with taskset: the server on CPU 0, this process (the load generator) on CPU 1. */
export function pinSelf(wanted: boolean): Pinning {
  const n = cpus().length;
  let hasTaskset = false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    hasTaskset = true;
  } catch {
    hasTaskset = false;
  }
  if (!wanted || n < 2 || !hasTaskset) {
    return { enabled: false, note: `not pinned (${n} CPUs, taskset ${hasTaskset ? 'present' : 'absent'}${wanted ? '' : ', --no-pin'})` };
  }
  const loadCpu = String(n - 1);
  execFileSync('taskset', ['-a', '-p', '-c', loadCpu, String(process.pid)], { stdio: 'ignore' });
  return { enabled: true, serverCpu: '0', loadCpu, note: `pinned with taskset: server on CPU 0, load generator (autocannon) on CPU ${loadCpu} of ${n}` };
}

export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  exited: boolean;
  exitInfo?: string;
  stderrTail: string[];
  stop(): Promise<void>;
}

export function startServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  port: number,
  pin: Pinning,
  nodeArgs: string[] = [],
  scriptArgs: string[] = [],
): Server {
  const cmd = pin.enabled ? 'taskset' : process.execPath;
  const node = [...nodeArgs, script, ...scriptArgs];
  const args = pin.enabled ? ['-c', pin.serverCpu!, process.execPath, ...node] : node;
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const server: Server = {
    name,
    child,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    exited: false,
    stderrTail: [],
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exited) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
  const keep = (chunk: Buffer) => {
    server.stderrTail.push(...chunk.toString().split('\n').filter(Boolean));
    server.stderrTail.splice(0, Math.max(0, server.stderrTail.length - 40));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', (code, signal) => {
    server.exited = true;
    server.exitInfo = `exit code ${code}, signal ${signal}`;
  });
  return server;
}

export async function waitHealthy(server: Server, path: string, timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exited) throw new Error(`${server.name} exited while starting (${server.exitInfo}):\n${server.stderrTail.join('\n')}`);
    try {
      const res = await fetch(server.url + path);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${server.name} did not become healthy in ${timeoutMs} ms:\n${server.stderrTail.join('\n')}`);
}

/** VmRSS and VmHWM of a process in MB (Linux /proc); undefined elsewhere. */
export function memory(pid: number): { rss: number; hwm: number } | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  try {
    const text = readFileSync(file, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms (Linux /proc; undefined elsewhere).
 * Per operation it is a steadier figure than ops/s on a shared machine: time the process
 * spends waiting for its core is not counted.
 */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Samples RSS every 100 ms until stopped; returns the peak seen. */
export function sampleRss(pid: number): () => number {
  let peak = memory(pid)?.rss ?? 0;
  const timer = setInterval(() => {
    const m = memory(pid);
    if (m && m.rss > peak) peak = m.rss;
  }, 100);
  return () => {
    clearInterval(timer);
    const m = memory(pid);
    return Math.max(peak, m?.rss ?? 0);
  };
}

/** Runs a node script to completion with the given environment (seeding). */
export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      process.stdout.write(c);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} failed (${code}):\n${err}`))));
  });
}
