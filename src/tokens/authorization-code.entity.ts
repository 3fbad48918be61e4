import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Application } from '../applications/application.entity';
import { spaceSeparated } from '../database/column-transformers';

/** RFC 6749 §4.1.2: single-use, short-lived, bound to client, redirect URI and PKCE challenge. */
@Entity('authorization_codes')
export class AuthorizationCode {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('UQ_authorization_codes_hash', { unique: true })
  @Column({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash: string;

  @Index('IDX_authorization_codes_app')
  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @ManyToOne(() => Application, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Index('IDX_authorization_codes_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  /** Whether the authorization request carried redirect_uri (RFC 6749 §4.1.3). */
  @Column({ name: 'redirect_uri_given', type: 'boolean', width: 1, default: true })
  redirectUriGiven: boolean;

  @Column({ type: 'varchar', length: 255, transformer: spaceSeparated })
  scopes: string[];

  @Column({ name: 'code_challenge', type: 'varchar', length: 128, nullable: true })
  codeChallenge: string | null;

  @Column({ name: 'code_challenge_method', type: 'varchar', length: 10, nullable: true })
  codeChallengeMethod: 'S256' | 'plain' | null;

  /** OIDC Core §3.1.2.1: echoed in the ID token, so a mismatch cannot happen. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  nonce: string | null;

  /** The sign-in behind the code (epoch seconds), for the ID token's `auth_time`. */
  @Column({ name: 'auth_time', type: 'integer', nullable: true })
  authTime: number | null;

  /** The sign-in session's public id, for the ID token's `sid`. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  sid: string | null;

  /** Set at redemption; a second redemption revokes this family (RFC 6749 §4.1.2). */
  @Column({ name: 'family_id', type: 'varchar', length: 36, nullable: true })
  familyId: string | null;

  @Index('IDX_authorization_codes_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'datetime', nullable: true })
  usedAt: Date | null;

  /** Set when the code is presented again after its first use. */
  @Column({ name: 'replayed_at', type: 'datetime', nullable: true })
  replayedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;
}
