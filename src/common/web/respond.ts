import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../i18n/i18n';
import { setFlash } from './flash';
import { render } from './views';
import { wantsJson } from './wants-json';

export interface PageOrJson {
  /** The handlebars view and its model, for browsers. */
  view: string;
  title: string;
  model?: Record<string, unknown>;
  /** What API callers get (`Accept: application/json`, PUT, DELETE: docs/PROTOCOL.md §1). */
  json: unknown;
  status?: number;
}

/** One route, two audiences: the page, or the same data as JSON. `title` is a translation key. */
export function respond(req: FastifyRequest, reply: FastifyReply, answer: PageOrJson): void {
  reply.status(answer.status ?? 200);
  if (wantsJson(req)) {
    if (answer.status === 204) reply.send();
    else reply.send(answer.json);
    return;
  }
  render(req, reply, answer.view, { ...answer.model, title: translate(req.lang, answer.title) });
}

/**
 * After a successful form POST: 303 to the page (RFC 9700 §4.11) with a one-time message
 * (a translation key), or the JSON answer.
 */
export function redirectOrJson(req: FastifyRequest, reply: FastifyReply, location: string, flashKey: string, json: unknown, status = 200): void {
  if (wantsJson(req)) {
    if (status === 204) reply.status(204).send();
    else reply.status(status).send(json);
    return;
  }
  setFlash(req, flashKey);
  reply.redirect(location, 303);
}
