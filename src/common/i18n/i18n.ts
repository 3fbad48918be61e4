import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOCALES_DIR } from '../../config/paths';

/** The languages of every page and mail; the first is the fallback. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_COOKIE = 'lang';

type Messages = { [key: string]: string | Messages };

/** locales/<lang>/<section>.json, one file per module: `accounts.json` holds the `accounts.*` keys. */
function loadCatalog(lang: Language): Messages {
  const dir = resolve(LOCALES_DIR, lang);
  const catalog: Messages = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    catalog[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as Messages;
  }
  return catalog;
}
const catalogs = new Map<Language, Messages>(LANGUAGES.map((lang) => [lang, loadCatalog(lang)]));

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The one translation function: `{name}` placeholders are filled from params. */
export function translate(lang: Language, key: string, params: Record<string, unknown> = {}): string {
  const template = lookup(catalogs.get(lang)!, key) ?? lookup(catalogs.get('en')!, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function hasMessage(lang: Language, key: string): boolean {
  return lookup(catalogs.get(lang)!, key) !== undefined;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** All leaf keys of a catalog, for the completeness test. */
export function messageKeys(lang: Language): string[] {
  const out: string[] = [];
  const walk = (node: Messages, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') out.push(prefix + k);
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(catalogs.get(lang)!, '');
  return out.sort();
}
