import type { Language } from '../i18n/i18n';

/** The signed-in user as the session restores it on every page request. */
export interface SessionUser {
  id: number;
  username: string;
  email: string;
  emailVerified: boolean;
  isStaff: boolean;
}

/** A one-time message shown on the next page (after a redirect): a translation key. */
export interface Flash {
  key: string;
  params?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Negotiated on first read (common/i18n/language.middleware.ts). */
    lang: Language;
    /** The signed-in user on page routes (accounts/session-user.ts). */
    user?: SessionUser;
    /** What a form page shows again around a rejected form (common/filters/form-page.filter.ts). */
    formModel?: Record<string, unknown>;
  }

  interface FastifyReply {
    /** What every page's template may print (app.setup.ts, pageLocals); null off the page routes. */
    locals: Record<string, unknown> | null;
  }

  /** What a server-side session holds (accounts/session.store.ts). */
  interface Session {
    userId?: number;
    csrfSecret?: string;
    flash?: Flash;
    /** When the user signed in (epoch seconds) and the sign-in's public id (OpenID Connect). */
    authTime?: number;
    sid?: string;
    /** The sign-in's address and user agent, its start and last request (epoch ms): the sessions page. */
    ip?: string | null;
    userAgent?: string | null;
    createdAt?: number;
    lastSeenAt?: number;
    /** Set when a client asks for a new sign-in; a sign-in starts a new session without it. */
    reauthRequested?: boolean;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport's `user`, as its strategies return it
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export type { Language };
