import { Global, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HousekeepingService } from '../housekeeping/housekeeping.service';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

/** Global and below every feature module: each one records its own events here. */
@Global()
@Module({ imports: [TypeOrmModule.forFeature([AuditEvent])], providers: [AuditService], exports: [AuditService] })
export class AuditModule implements OnModuleInit {
  constructor(
    private readonly housekeeping: HousekeepingService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.housekeeping.register('audit_events', (now) => this.audit.deleteExpired(now));
  }
}
