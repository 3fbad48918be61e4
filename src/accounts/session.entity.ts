import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Server-side sessions (accounts/session.store.ts); the id is the SHA-256 of the cookie's session id. */
@Entity('sessions')
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index('IDX_sessions_user')
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'text' })
  data: string;

  /** When the session signed in, and its last request (written at most once a minute). */
  @Column({ name: 'created_at', type: 'datetime', nullable: true })
  createdAt: Date | null;

  @Column({ name: 'last_seen_at', type: 'datetime', nullable: true })
  lastSeenAt: Date | null;

  /** The address (after TRUST_PROXY) and user agent of the sign-in. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;

  @Index('IDX_sessions_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;
}
