import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from '../database/column-transformers';
import type { AuditEventType } from './audit-event-types';

/**
 * One security event (CONTRACT §8). `user_id` and `client_id` are plain values, not foreign
 * keys: the record outlives the user or application it names.
 */
@Entity('audit_events')
@Index('IDX_audit_events_user_at', ['userId', 'at'])
@Index('IDX_audit_events_type_at', ['type', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_audit_events_at')
  @Column({ type: 'datetime' })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  type: AuditEventType;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Index('IDX_audit_events_client')
  @Column({ name: 'client_id', type: 'varchar', length: 64, nullable: true })
  clientId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;

  @Column({ type: 'text', transformer: jsonText })
  details: Record<string, string | number | boolean | null>;
}
