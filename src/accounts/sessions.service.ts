import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { TypeormSessionStore } from './session.store';

/** A sign-in session as its owner and the console see it (CONTRACT §8). */
export interface SessionView {
  id: string;
  created_at: string | null;
  last_seen_at: string | null;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

/**
 * A user's sign-in sessions: listed, ended one by one or all but the current one. Each end is
 * recorded (`session.ended`) in the transaction that deletes the rows.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly store: TypeormSessionStore,
    private readonly audit: AuditService,
  ) {}

  /** `currentSid`: the cookie's session id of the request, to mark its row. */
  async list(userId: number, currentSid?: string): Promise<SessionView[]> {
    const current = currentSid ? TypeormSessionStore.rowId(currentSid) : undefined;
    const rows = await this.store.listForUser(userId);
    return rows.map((s) => ({
      id: s.id,
      created_at: s.createdAt?.toISOString() ?? null,
      last_seen_at: s.lastSeenAt?.toISOString() ?? null,
      ip: s.ip,
      user_agent: s.userAgent,
      current: s.id === current,
    }));
  }

  /** Ends one session of the user's; another user's (or an unknown) id is a 404. */
  async end(userId: number, id: string, actor: AuditActor): Promise<void> {
    await this.store.transaction(async (em) => {
      if (!(await this.store.destroyForUser(userId, id, em))) throw new NotFoundException();
      await this.audit.record(actor, { type: 'session.ended', userId, details: { sessions: 1 } }, em);
    });
  }

  /** Signs the user out everywhere but here. */
  async endOthers(userId: number, currentSid: string, actor: AuditActor): Promise<number> {
    return this.store.transaction(async (em) => {
      const ended = await this.store.destroyOthers(userId, TypeormSessionStore.rowId(currentSid), em);
      if (ended > 0) await this.audit.record(actor, { type: 'session.ended', userId, details: { sessions: ended } }, em);
      return ended;
    });
  }
}
