import type { NextFunction, Request, Response } from 'express';
import { isLanguage, LANGUAGE_COOKIE, LANGUAGES, Language } from './i18n';

/** Picks the language: `?lang=` (kept in a cookie), then the cookie, then Accept-Language. */
export function negotiateLanguage(req: Request): Language {
  const fromQuery = req.query?.lang;
  if (isLanguage(fromQuery)) return fromQuery;
  const fromCookie = req.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(fromCookie)) return fromCookie;
  const accepted = req.acceptsLanguages([...LANGUAGES, 'zh', 'zh-Hans', 'zh-Hans-CN']);
  if (accepted && accepted.toLowerCase().startsWith('zh')) return 'zh-CN';
  return 'en';
}

/** Express middleware: sets req.lang and the page locals, and remembers `?lang=` in a cookie. */
export function languageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const lang = negotiateLanguage(req);
  if (isLanguage(req.query?.lang) && req.cookies?.[LANGUAGE_COOKIE] !== lang) {
    res.cookie(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000, path: '/' });
  }
  req.lang = lang;
  res.locals.lang = lang;
  res.locals.htmlLang = lang === 'zh-CN' ? 'zh-CN' : 'en';
  next();
}
