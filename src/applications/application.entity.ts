import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../accounts/user.entity';
import { lineSeparated, optionalLineSeparated, spaceSeparated } from '../database/column-transformers';

export type ClientType = 'confidential' | 'public';
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none' | 'tls_client_auth' | 'self_signed_tls_client_auth';
/** RFC 8705 §2.1.2: the one certificate field a tls_client_auth application registers. */
export type TlsSubjectField = 'subject_dn' | 'san_dns' | 'san_uri' | 'san_ip' | 'san_email';

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

  /** Seconds; null: ACCESS_TOKEN_TTL_SECONDS. */
  @Column({ name: 'access_token_ttl', type: 'integer', nullable: true })
  accessTokenTtl: number | null;

  /** Seconds; null: REFRESH_TOKEN_TTL_SECONDS. */
  @Column({ name: 'refresh_token_ttl', type: 'integer', nullable: true })
  refreshTokenTtl: number | null;

  /** tls_client_auth (RFC 8705 §2.1): which certificate field identifies the client, and its value. */
  @Column({ name: 'tls_subject_field', type: 'varchar', length: 32, nullable: true })
  tlsSubjectField: TlsSubjectField | null;

  @Column({ name: 'tls_subject_value', type: 'varchar', length: 1000, nullable: true })
  tlsSubjectValue: string | null;

  /** self_signed_tls_client_auth (RFC 8705 §2.2): the certificate's public key(s), a JWK Set as JSON. */
  @Column({ type: 'text', nullable: true })
  jwks: string | null;

  /** RFC 8705 §3: access and refresh tokens bound to the client certificate. */
  @Column({ name: 'tls_bound_tokens', type: 'boolean', width: 1, default: false })
  tlsBoundTokens: boolean;

  /** RFC 9449 §5.2: every token request must carry a DPoP proof. */
  @Column({ name: 'dpop_bound_tokens', type: 'boolean', width: 1, default: false })
  dpopBoundTokens: boolean;

  /** Set by staff (operator console): its client authentication is refused and its tokens were revoked. */
  @Column({ type: 'boolean', width: 1, default: false })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP', onUpdate: 'CURRENT_TIMESTAMP' })
  updatedAt: Date;
}
