import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Application } from '../applications/application.entity';
import { spaceSeparated } from '../database/column-transformers';

/** A rotating refresh token (stored as SHA-256); `familyId` ties a chain of rotations together. */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('UQ_refresh_tokens_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('IDX_refresh_tokens_app')
  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @ManyToOne(() => Application, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Index('IDX_refresh_tokens_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 255, transformer: spaceSeparated })
  scopes: string[];

  @Index('IDX_refresh_tokens_family')
  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId: string;

  /** The access token issued together with this refresh token. */
  @Column({ name: 'access_token_id', type: 'integer', nullable: true })
  accessTokenId: number | null;

  /** The key or certificate the token is bound to (RFC 9449 §5, RFC 8705 §3), as `cnf` JSON; null = unbound. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  cnf: string | null;

  @Index('IDX_refresh_tokens_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  /** Set when this token was exchanged for its successor. */
  @Column({ name: 'rotated_at', type: 'datetime', nullable: true })
  rotatedAt: Date | null;

  @Column({ name: 'successor_id', type: 'integer', nullable: true })
  successorId: number | null;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;
}
