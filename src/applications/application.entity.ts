import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../accounts/user.entity';
import { lineSeparated, optionalLineSeparated, spaceSeparated } from '../database/column-transformers';

export type ClientType = 'confidential' | 'public';
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** An OAuth client (RFC 6749 §2). The secret is kept only as its SHA-256. */
@Entity('applications')
export class Application {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('UQ_applications_client_id', { unique: true })
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'client_secret_hash', type: 'varchar', length: 64, nullable: true })
  clientSecretHash: string | null;

  @Index('IDX_applications_owner')
  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: User;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'client_type', type: 'varchar', length: 20 })
  clientType: ClientType;

  @Column({ name: 'token_endpoint_auth_method', type: 'varchar', length: 32 })
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;

  @Column({ name: 'grant_types', type: 'varchar', length: 255, transformer: spaceSeparated })
  /** Grant types from the grant registry (src/oauth/grants/registry.ts). */
  grantTypes: string[];

  @Column({ name: 'redirect_uris', type: 'text', transformer: lineSeparated })
  redirectUris: string[];

  /** Where RP-initiated logout may send the user afterwards (OIDC RP-Initiated Logout §3), exact match. */
  @Column({ name: 'post_logout_redirect_uris', type: 'text', nullable: true, transformer: optionalLineSeparated })
  postLogoutRedirectUris: string[];

  @Column({ type: 'varchar', length: 255, transformer: spaceSeparated })
  scopes: string[];

  @Column({ name: 'skip_consent', type: 'boolean', width: 1, default: false })
  skipConsent: boolean;

  /** Marked by staff only: introspects every client's tokens (RFC 7662; CONTRACT §2.4). */
  @Column({ name: 'resource_server', type: 'boolean', width: 1, default: false })
  resourceServer: boolean;

  /** Set by staff (operator console): its client authentication is refused and its tokens were revoked. */
  @Column({ type: 'boolean', width: 1, default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP', onUpdate: 'CURRENT_TIMESTAMP' })
  updatedAt: Date;
}
