import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A DPoP proof already used (RFC 9449 §11.1): its `jti` (SHA-256, with the key) until the proof would be stale anyway. */
@Entity('dpop_proofs')
export class DpopProof {
  @PrimaryColumn({ name: 'jti_hash', type: 'varchar', length: 64 })
  jtiHash: string;

  @Index('IDX_dpop_proofs_expires')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;
}
