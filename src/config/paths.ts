import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Compiled files live in dist/src/config, sources in src/config: both are two or
// three levels below the project root, so look for the folder that holds package.json.
function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 5; i++) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

export const PROJECT_ROOT = findRoot(__dirname);
export const VIEWS_DIR = resolve(PROJECT_ROOT, 'views');
export const LOCALES_DIR = resolve(PROJECT_ROOT, 'src', 'common', 'i18n', 'locales');
