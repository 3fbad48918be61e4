import type { Request } from 'express';

export interface Flash {
  key: string;
  params?: Record<string, unknown>;
}

/** A one-time message shown on the next page (after a redirect). */
export function setFlash(req: Request, key: string, params: Record<string, unknown> = {}): void {
  if (req.session) req.session.flash = { key, params };
}

export function takeFlash(req: Request): Flash | undefined {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return flash;
}

/** passport's req.login as a promise (it regenerates the session id: no fixation). */
export function logIn(req: Request, user: Express.User): Promise<void> {
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}
