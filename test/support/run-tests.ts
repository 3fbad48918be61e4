/* Runs every compiled unit spec and e2e spec with Node's test runner (one process per file). */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const distRoot = resolve(__dirname, '..', '..');

function find(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...find(full, suffix));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

// `npm test -- oauth` runs only the files whose path contains "oauth".
const filters = process.argv.slice(2);
const files = [...find(join(distRoot, 'src'), '.spec.js'), ...find(join(distRoot, 'test'), '.e2e-spec.js')].filter(
  (f) => filters.length === 0 || filters.some((x) => f.includes(x)),
);

if (files.length === 0) {
  process.stderr.write('No test files matched.\n');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
