import { parse as parseCookies } from 'cookie';
import type { Express, NextFunction, Request, Response } from 'express';
import { isLanguage, LANGUAGE_COOKIE, LANGUAGES, Language } from './i18n';

const ACCEPTED = [...LANGUAGES, 'zh', 'zh-Hans', 'zh-Hans-CN'];

/** Picks the language: `?lang=`, then the language cookie, then Accept-Language. */
export function negotiateLanguage(req: Request): Language {
  const fromQuery = req.query?.lang;
  if (isLanguage(fromQuery)) return fromQuery;
  // Pages have parsed cookies; the protocol paths skip cookie-parser and read the header here.
  const cookies = req.cookies ?? (req.headers.cookie ? parseCookies(req.headers.cookie) : undefined);
  const fromCookie = cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(fromCookie)) return fromCookie;
  const accepted = req.acceptsLanguages(ACCEPTED);
  if (accepted && accepted.toLowerCase().startsWith('zh')) return 'zh-CN';
  return 'en';
}

/**
 * `req.lang`, negotiated on first read: the token, introspection and resource paths answer
 * most requests without any text to translate, so they never pay for the negotiation.
 */
export function installRequestLanguage(expressApp: Express): void {
  const own = (req: Request, lang: Language) => Object.defineProperty(req, 'lang', { value: lang, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(expressApp.request, 'lang', {
    configurable: true,
    get(this: Request): Language {
      const lang = negotiateLanguage(this);
      own(this, lang);
      return lang;
    },
    set(this: Request, lang: Language) {
      own(this, lang);
    },
  });
}

/** Page middleware: remembers a `?lang=` choice in a cookie. */
export function rememberLanguage(req: Request, res: Response, next: NextFunction): void {
  const chosen = req.query?.lang;
  if (isLanguage(chosen) && req.cookies?.[LANGUAGE_COOKIE] !== chosen) {
    res.cookie(LANGUAGE_COOKIE, chosen, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000, path: '/' });
  }
  next();
}
