import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A registration waiting for its e-mail link. No account exists until the link is followed,
 * so the register form answers a known and an unknown address alike. The token and the
 * password are stored only as hashes (SHA-256 and argon2id).
 */
@Entity('pending_registrations')
export class PendingRegistration {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150 })
  username: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Index('IDX_pending_registrations_email_key')
  @Column({ name: 'email_key', type: 'varchar', length: 254 })
  emailKey: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Index('UQ_pending_registrations_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('IDX_pending_registrations_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;
}
