import type { Language } from '../i18n/i18n';

const formats = new Map<Language, Intl.DateTimeFormat>();

/** A date for a page, in the reader's language; UTC, said so, since pages carry no script. */
export function formatDateTime(value: Date | string | null | undefined, lang: Language): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  let fmt = formats.get(lang);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    formats.set(lang, fmt);
  }
  return `${fmt.format(date)} UTC`;
}
