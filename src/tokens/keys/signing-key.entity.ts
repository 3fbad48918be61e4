import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A JWT signing key, shared by every instance through the database (docs/OPERATIONS.md,
 * "Signing keys"). The public half is stored as a JWK in clear; the private half only sealed
 * under SIGNING_KEYS_SECRET (key-encryption.ts).
 */
@Entity('signing_keys')
export class SigningKeyRecord {
  /** RFC 7638 thumbprint of the public key. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  /**
   * 1 for the first key, then one more per key: two instances creating a key at the same
   * moment both ask for the same number, and the unique index lets only one of them in.
   */
  @Index('UQ_signing_keys_generation', { unique: true })
  @Column({ type: 'integer' })
  generation: number;

  @Column({ type: 'varchar', length: 10 })
  alg: string;

  @Column({ name: 'public_jwk', type: 'text' })
  publicJwk: string;

  @Column({ name: 'private_key_sealed', type: 'text' })
  privateKeySealed: string;

  /** Published from the moment an instance loads it; signs from this time on. */
  @Column({ name: 'activates_at', type: 'datetime' })
  activatesAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;
}
