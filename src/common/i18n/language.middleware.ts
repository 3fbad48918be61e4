import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLanguage, LANGUAGE_COOKIE, LANGUAGES, Language } from './i18n';

const ACCEPTED = [...LANGUAGES, 'zh', 'zh-Hans', 'zh-Hans-CN'];
const ONE_YEAR_SECONDS = 365 * 86400;

type QueryLang = { lang?: unknown } | undefined;

/** Picks the language: `?lang=`, then the language cookie, then Accept-Language. */
export function negotiateLanguage(req: FastifyRequest): Language {
  const fromQuery = (req.query as QueryLang)?.lang;
  if (isLanguage(fromQuery)) return fromQuery;
  const fromCookie = req.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(fromCookie)) return fromCookie;
  const accepted = req.headers['accept-language'] ? req.language(ACCEPTED) : false;
  if (accepted && accepted.toLowerCase().startsWith('zh')) return 'zh-CN';
  return 'en';
}

type WithLang = FastifyRequest & { negotiatedLang?: Language };

/**
 * `req.lang`, negotiated on first read: the token, introspection and resource paths answer
 * most requests without any text to translate, so they never pay for the negotiation.
 */
export function installRequestLanguage(fastify: FastifyInstance): void {
  fastify.decorateRequest('negotiatedLang', undefined);
  fastify.decorateRequest('lang', {
    getter(this: WithLang): Language {
      return (this.negotiatedLang ??= negotiateLanguage(this));
    },
    setter(this: WithLang, lang: Language) {
      this.negotiatedLang = lang;
    },
  });
}

/** Page hook: remembers a `?lang=` choice in a cookie. */
export function rememberLanguage(req: FastifyRequest, reply: FastifyReply): void {
  const chosen = (req.query as QueryLang)?.lang;
  if (isLanguage(chosen) && req.cookies?.[LANGUAGE_COOKIE] !== chosen) {
    reply.setCookie(LANGUAGE_COOKIE, chosen, { httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_SECONDS, path: '/' });
  }
}
