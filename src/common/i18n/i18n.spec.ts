import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT, VIEWS_DIR } from '../../config/paths';
import { hasMessage, LANGUAGES, messageKeys, translate } from './i18n';
import { isAuditEventType } from '../../audit/audit-event-types';

function filesUnder(dir: string, test: (f: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, test) : test(full) ? [full] : [];
  });
}

describe('translation layer', () => {
  it('English and Simplified Chinese have exactly the same keys', () => {
    assert.deepEqual(messageKeys('zh-CN'), messageKeys('en'));
  });

  it('every key a template uses exists in every language', () => {
    const missing: string[] = [];
    for (const file of filesUnder(VIEWS_DIR, (f) => f.endsWith('.hbs'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{\s*t\s+"([^"]+)"/g)) {
        for (const lang of LANGUAGES) if (!hasMessage(lang, m[1])) missing.push(`${lang}: ${m[1]} (${file})`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('every message key named in the source exists in every language', () => {
    const missing: string[] = [];
    const sources = filesUnder(join(PROJECT_ROOT, 'src'), (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const sections = new Set(messageKeys('en').map((k) => k.split('.')[0]));
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)'/g)) {
        // Audit event types (`app.created`) look like keys of the `app` section; they are not keys.
        if (!sections.has(m[1].split('.')[0]) || isAuditEventType(m[1])) continue;
        for (const lang of LANGUAGES) if (!hasMessage(lang, m[1])) missing.push(`${lang}: ${m[1]} (${file})`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('templates hold no user-facing text outside the translation layer', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(VIEWS_DIR, (f) => f.endsWith('.hbs'))) {
      const text = readFileSync(file, 'utf8')
        .replace(/\{\{!--[\s\S]*?--\}\}/g, '')
        .replace(/<(style|script)[\s\S]*?<\/\1>/g, '')
        .replace(/\{\{[\s\S]*?\}\}/g, '')
        .replace(/<[^>]*>/g, ' ');
      // Language names in the switcher are written in their own language on purpose.
      // Paths and URLs (endpoint addresses shown to developers) are not prose either.
      const words = text
        .replace(/\S*\/\S*/g, ' ')
        .replace(/English|简体中文|[·()|,:—–-]/g, ' ')
        .trim();
      if (/[A-Za-z\u4e00-\u9fff]{2,}/.test(words)) offenders.push(`${file}: ${words.slice(0, 80)}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('fills placeholders and falls back to English', () => {
    assert.equal(translate('en', 'accounts.mail.greeting', { username: 'li' }), 'Hello li,');
    assert.equal(translate('zh-CN', 'accounts.mail.greeting', { username: 'li' }), 'li，您好：');
  });
});
