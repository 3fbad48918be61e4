import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import handlebars from 'handlebars';
import { VIEWS_DIR } from '../../config/paths';
import { isLanguage, translate } from '../i18n/i18n';

/** Handlebars pages (@fastify/view): a layout around every view, partials, and the `t` helper. */
export function configureViews(app: NestFastifyApplication, production: boolean): void {
  const engine = handlebars.create();
  for (const file of readdirSync(join(VIEWS_DIR, 'partials'))) {
    if (file.endsWith('.hbs')) engine.registerPartial(basename(file, '.hbs'), readFileSync(join(VIEWS_DIR, 'partials', file), 'utf8'));
  }
  registerHelpers(engine);
  // Our page hook fills `reply.locals`; declaring it here keeps @fastify/view from adding an
  // object to every request, the token and resource calls included.
  app.getHttpAdapter().getInstance().decorateReply('locals', null);
  app.setViewEngine({
    engine: { handlebars: engine },
    templates: VIEWS_DIR,
    viewExt: 'hbs',
    // Templates are read once in production.
    production,
  });
}

/**
 * Renders a page in the request's language (the `t` helper and `<html lang>` read `lang`),
 * inside the site's layout unless another is named.
 */
export function render(
  req: FastifyRequest,
  reply: FastifyReply,
  view: string,
  model: Record<string, unknown> = {},
  status?: number,
  layout = 'layouts/main',
): void {
  if (status !== undefined) reply.status(status);
  void reply.view(view, { lang: req.lang, ...model }, { layout });
}

export function registerHelpers(engine: typeof handlebars): void {
  // {{t "key" name=value}}: every user-facing string goes through the translation layer.
  engine.registerHelper('t', function (this: unknown, key: string, options: handlebars.HelperOptions) {
    const root = options.data?.root ?? {};
    const lang = isLanguage(root.lang) ? root.lang : 'en';
    return translate(lang, key, options.hash ?? {});
  });
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  engine.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  engine.registerHelper('isoDate', (d: unknown) => (d instanceof Date ? d.toISOString() : d ? String(d) : ''));
}
