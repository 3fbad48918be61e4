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

  @Index('IDX_sessions_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;
}
