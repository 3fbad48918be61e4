import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, FindOptionsWhere, In, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { appConfig, AppConfig } from '../config/configuration';
import type { Page } from '../common/web/paging';
import { deleteRowsBefore } from '../database/expired-rows';
import type { AuditActor } from './audit-context';
import { AuditEvent } from './audit-event.entity';
import type { AuditEventType } from './audit-event-types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an event says: never a secret, a password, a token or a code. */
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface NewAuditEvent {
  type: AuditEventType;
  userId?: number | null;
  clientId?: string | null;
  details?: AuditDetails;
}

export interface AuditFilter {
  types?: readonly AuditEventType[];
  userId?: number;
  clientId?: string;
  since?: Date;
  until?: Date;
}

/** The JSON shape of an event (CONTRACT §8). */
export interface AuditEventView {
  id: number;
  at: string;
  type: AuditEventType;
  user_id: number | null;
  client_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: AuditDetails;
}

export const toAuditView = (e: AuditEvent): AuditEventView => ({
  id: e.id,
  at: e.at.toISOString(),
  type: e.type,
  user_id: e.userId,
  client_id: e.clientId,
  ip: e.ip,
  user_agent: e.userAgent,
  details: e.details as AuditDetails,
});

/**
 * The audit log (CONTRACT §8). The module where an event happens records it through `em`, its
 * own transaction, so the event and the change are stored together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async record(actor: AuditActor, event: NewAuditEvent, em: EntityManager = this.events.manager): Promise<void> {
    await em.insert(AuditEvent, {
      at: new Date(),
      type: event.type,
      userId: event.userId ?? null,
      clientId: event.clientId ?? null,
      ip: actor.ip,
      userAgent: actor.userAgent,
      details: actor.staffId === undefined ? (event.details ?? {}) : { ...event.details, by: actor.staffId },
    });
  }

  /** Newest first. */
  async list(filter: AuditFilter, page: { skip: number; take: number }): Promise<Page<AuditEventView>> {
    const [rows, total] = await this.events.findAndCount({ where: whereOf(filter), order: { at: 'DESC', id: 'DESC' }, skip: page.skip, take: page.take });
    return { items: rows.map(toAuditView), total };
  }

  /** The time of each user's latest event of a type (the console's "last sign-in"). */
  async lastOfType(type: AuditEventType, userIds: number[]): Promise<Map<number, Date>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.events
      .createQueryBuilder('e')
      .select('e.user_id', 'userId')
      .addSelect('MAX(e.at)', 'at')
      .where('e.type = :type AND e.user_id IN (:...userIds)', { type, userIds })
      .groupBy('e.user_id')
      .getRawMany<{ userId: number; at: string | Date }>();
    // Raw rows: MariaDB answers a Date, SQLite the stored text (UTC).
    return new Map(rows.map((r) => [Number(r.userId), r.at instanceof Date ? r.at : new Date(`${r.at.replace(' ', 'T')}Z`)]));
  }

  /** The sweeper: events older than AUDIT_RETENTION_DAYS. */
  deleteExpired(now = new Date()): Promise<number> {
    return deleteRowsBefore(this.events, 'at', new Date(now.getTime() - this.config.auditRetentionDays * DAY_MS));
  }
}

function whereOf(f: AuditFilter): FindOptionsWhere<AuditEvent> {
  const where: FindOptionsWhere<AuditEvent> = {};
  if (f.types) where.type = In([...f.types]);
  if (f.userId !== undefined) where.userId = f.userId;
  if (f.clientId !== undefined) where.clientId = f.clientId;
  if (f.since && f.until) where.at = Between(f.since, f.until);
  else if (f.since) where.at = MoreThanOrEqual(f.since);
  else if (f.until) where.at = LessThanOrEqual(f.until);
  return where;
}
