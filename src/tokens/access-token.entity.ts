import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Application } from '../applications/application.entity';
import { spaceSeparated } from '../database/column-transformers';

/**
 * The record of an issued JWT access token (docs/PROTOCOL.md §3): looked up by `jti` so it can be
 * listed and revoked. The JWT itself is never stored.
 */
@Entity('access_tokens')
@Index('IDX_access_tokens_user_app', ['userId', 'applicationId'])
export class AccessToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('UQ_access_tokens_jti', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  jti: string;

  @Index('IDX_access_tokens_app')
  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @ManyToOne(() => Application, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 255, transformer: spaceSeparated })
  scopes: string[];

  /** Tokens issued from one authorization (code or password grant) and its refreshes. */
  @Index('IDX_access_tokens_family')
  @Column({ name: 'family_id', type: 'varchar', length: 36, nullable: true })
  familyId: string | null;

  @Index('IDX_access_tokens_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;
}
