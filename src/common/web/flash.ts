import type { FastifyRequest } from 'fastify';
import type { Flash } from './request-augment';

/** A one-time message shown on the next page (after a redirect). */
export function setFlash(req: FastifyRequest, key: string, params: Record<string, unknown> = {}): void {
  if (req.session) req.session.flash = { key, params };
}

export function takeFlash(req: FastifyRequest): Flash | undefined {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return flash;
}
