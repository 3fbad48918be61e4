/* Sums self time per function in a .cpuprofile (node --cpu-prof): `node dist/bench/profile-summary.js <file> [top]`. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type CallFrame = ProfileNode['callFrame'];

/** Self time summed by `keyOf(frame)`, as `pct%  ms  key` lines, the largest first. */
function summarize(file: string, top: number, keyOf: (f: CallFrame) => string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const key = keyOf(byId.get(id)!.callFrame);
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
}

/** Self time per function. */
export function summarizeProfile(file: string, top = 25): string {
  return summarize(file, top, (f) => {
    const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  });
}

/** Self time per package (node_modules/<pkg>), per src/ folder, node internals, GC and idle. */
export function summarizeByPackage(file: string, top = 20): string {
  return summarize(file, top, (f) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
    return m
      ? m[1]
      : (/\/dist\/(src|bench)\/([^/]+)/.exec(f.url)?.slice(1).join('/') ??
          (f.url.startsWith('node:') ? 'node internals' : f.functionName ? `(${f.functionName})` : '(native)'));
  });
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  process.stdout.write(`${summarizeByPackage(file)}\n\n${summarizeProfile(file, Number(top ?? 25))}\n`);
}
