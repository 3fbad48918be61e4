import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Response } from 'express';
import hbs from 'hbs';
import { VIEWS_DIR } from '../../config/paths';
import { isLanguage, translate } from '../i18n/i18n';

/** Handlebars pages: layouts/main around every view, partials, and the `t` helper. */
export function configureViews(app: NestExpressApplication, production: boolean): void {
  const handlebars = hbs.handlebars;
  for (const file of readdirSync(join(VIEWS_DIR, 'partials'))) {
    if (file.endsWith('.hbs')) {
      handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(VIEWS_DIR, 'partials', file), 'utf8'));
    }
  }
  registerHelpers(handlebars);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Templates are read once in production.
  app.set('view cache', production);
  renderInRequestLanguage(app.getHttpAdapter().getInstance());
}

/** Every rendered page and its `t` helper get the request's language as `lang`. */
function renderInRequestLanguage(expressApp: Express): void {
  const render = expressApp.response.render as (this: Response, view: string, options: object, callback?: RenderCallback) => void;
  expressApp.response.render = function (this: Response, view: string, options?: object | RenderCallback, callback?: RenderCallback) {
    const model = { lang: this.req.lang, ...(typeof options === 'object' ? options : {}) };
    render.call(this, view, model, typeof options === 'function' ? (options as RenderCallback) : callback);
  };
}

type RenderCallback = (err: Error, html: string) => void;

export function registerHelpers(handlebars: typeof import('handlebars')): void {
  // {{t "key" name=value}}: every user-facing string goes through the translation layer.
  handlebars.registerHelper('t', function (this: unknown, key: string, options: import('handlebars').HelperOptions) {
    const root = options.data?.root ?? {};
    const lang = isLanguage(root.lang) ? root.lang : 'en';
    return translate(lang, key, options.hash ?? {});
  });
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  handlebars.registerHelper('isoDate', (d: unknown) => (d instanceof Date ? d.toISOString() : d ? String(d) : ''));
}
