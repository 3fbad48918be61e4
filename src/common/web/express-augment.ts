import type { Language } from '../i18n/i18n';

/** What our middleware adds to every request. */
export interface SessionUser {
  id: number;
  username: string;
  email: string;
  emailVerified: boolean;
  isStaff: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      lang: import('../i18n/i18n').Language;
    }
    // passport's req.user
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: { key: string; params?: Record<string, unknown> };
    passport?: { user?: number };
  }
}

export type { Language };
