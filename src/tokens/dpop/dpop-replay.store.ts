import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { sha256Hex } from '../../common/crypto/tokens';
import { insertRow } from '../../database/direct-rows';
import { DpopProof } from './dpop-proof.entity';

// The unique-key violation of each driver: the proof id is already recorded.
const DUPLICATE = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', 'ER_DUP_ENTRY']);

/**
 * DPoP proof ids seen (RFC 9449 §11.1), in the database so that a proof replayed to another
 * instance is refused too. One INSERT decides, atomically on both databases.
 */
@Injectable()
export class DpopReplayStore {
  constructor(@InjectRepository(DpopProof) readonly proofs: Repository<DpopProof>) {}

  /** True the first time `key` is seen; false for a replay. */
  async firstUse(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await insertRow(this.proofs, { jtiHash: sha256Hex(key), expiresAt });
      return true;
    } catch (err) {
      const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
      if (code && DUPLICATE.has(code)) return false;
      throw err;
    }
  }
}
