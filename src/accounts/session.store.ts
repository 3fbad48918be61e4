import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import { EntityManager, Not, Repository } from 'typeorm';
import { sha256Hex } from '../common/crypto/tokens';
import { findOneWhere } from '../database/direct-rows';
import { deleteExpiredRows } from '../database/expired-rows';
import { SessionRecord } from './session.entity';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * The session store (@fastify/session) in the application database, so sessions survive
 * restarts and are shared by every instance. Rows are keyed by the SHA-256 of the session id
 * (a leaked table does not hand out live cookies) and carry the user id so a password reset
 * can end them all.
 */
export class TypeormSessionStore implements SessionStore {
  constructor(
    private readonly sessions: Repository<SessionRecord>,
    private readonly defaultTtlMs: number,
  ) {}

  get(sid: string, cb: Callback<Session | null>): void {
    // The callback is called once: an error it throws is not mistaken for a failed read.
    findOneWhere(this.sessions, { id: sha256Hex(sid) })
      .then((row) => (!row || row.expiresAt.getTime() <= Date.now() ? null : (JSON.parse(row.data) as Session)))
      .then(
        (session) => cb(undefined, session),
        (err) => cb(err),
      );
  }

  set(sid: string, session: Session, cb: Callback): void {
    const row = {
      id: sha256Hex(sid),
      userId: session.userId ?? null,
      data: JSON.stringify(session),
      expiresAt: this.expiry(session),
      createdAt: at(session.createdAt),
      lastSeenAt: at(session.lastSeenAt),
      ip: session.ip ?? null,
      userAgent: session.userAgent ?? null,
    };
    this.sessions.upsert(row, ['id']).then(
      () => cb(),
      (err) => cb(err),
    );
  }

  destroy(sid: string, cb: Callback): void {
    this.sessions.delete({ id: sha256Hex(sid) }).then(
      () => cb(),
      (err) => cb(err),
    );
  }

  /** Ends every session of a user (new password), in the caller's transaction when given one. */
  async destroyAllForUser(userId: number, em: EntityManager = this.sessions.manager): Promise<void> {
    await em.delete(SessionRecord, { userId });
  }

  /** The user's live sign-in sessions, the most recently active first. */
  listForUser(userId: number, now = new Date()): Promise<SessionRecord[]> {
    return this.sessions
      .createQueryBuilder('s')
      .select(['s.id', 's.createdAt', 's.lastSeenAt', 's.ip', 's.userAgent'])
      .where('s.userId = :userId AND s.expiresAt > :now', { userId, now })
      .orderBy('s.lastSeenAt', 'DESC')
      .addOrderBy('s.id')
      .getMany();
  }

  /** Ends one session of the user's (by its row id); false when the user has no such session. */
  async destroyForUser(userId: number, id: string, em: EntityManager = this.sessions.manager): Promise<boolean> {
    const result = await em.delete(SessionRecord, { userId, id });
    return (result.affected ?? 0) > 0;
  }

  /** Ends every session of the user except `keepId`; answers how many ended. */
  async destroyOthers(userId: number, keepId: string, em: EntityManager = this.sessions.manager): Promise<number> {
    const result = await em.delete(SessionRecord, { userId, id: Not(keepId) });
    return result.affected ?? 0;
  }

  /** The accounts module's sweeper for sessions (housekeeping). */
  deleteExpired(now = new Date()): Promise<number> {
    return deleteExpiredRows(this.sessions, now);
  }

  /** A transaction on the sessions' database (their ends are recorded with them). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.sessions.manager.transaction(work);
  }

  /** A session's row id: the SHA-256 of its cookie's session id. */
  static rowId(sid: string): string {
    return sha256Hex(sid);
  }

  private expiry(session: Session): Date {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.defaultTtlMs);
  }
}

const at = (ms: number | undefined): Date | null => (ms === undefined ? null : new Date(ms));
