import type { Request, Response } from 'express';
import { translate } from '../i18n/i18n';
import { setFlash } from './flash';
import { wantsJson } from './wants-json';

export interface PageOrJson {
  /** The handlebars view and its model, for browsers. */
  view: string;
  title: string;
  model?: Record<string, unknown>;
  /** What API callers get (CONTRACT §2: `Accept: application/json`, PUT, DELETE). */
  json: unknown;
  status?: number;
}

/** One route, two audiences: the page, or the same data as JSON. `title` is a translation key. */
export function respond(req: Request, res: Response, answer: PageOrJson): void {
  res.status(answer.status ?? 200);
  if (wantsJson(req)) {
    if (answer.status === 204) res.end();
    else res.json(answer.json);
    return;
  }
  res.render(answer.view, { ...answer.model, title: translate(req.lang ?? 'en', answer.title) });
}

/**
 * After a successful form POST: 303 to the page (RFC 9700 §4.11) with a one-time message
 * (a translation key), or the JSON answer.
 */
export function redirectOrJson(req: Request, res: Response, location: string, flashKey: string, json: unknown, status = 200): void {
  if (wantsJson(req)) {
    if (status === 204) res.status(204).end();
    else res.status(status).json(json);
    return;
  }
  setFlash(req, flashKey);
  res.redirect(303, location);
}
