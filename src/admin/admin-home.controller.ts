import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UserDirectoryService } from '../accounts/user-directory.service';
import { ApplicationsService } from '../applications/applications.service';
import { auditRow } from '../audit/audit-page';
import { AuditService } from '../audit/audit.service';
import { StaffOnly } from '../common/decorators/staff-only.decorator';
import { respond } from '../common/web/respond';

/** The console's overview: counts and the latest security events. */
@StaffOnly()
@Controller('admin')
export class AdminHomeController {
  constructor(
    private readonly users: UserDirectoryService,
    private readonly apps: ApplicationsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async overview(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const [users, applications, recent] = await Promise.all([this.users.counts(), this.apps.count(), this.audit.list({}, { skip: 0, take: 10 })]);
    const counts = { ...users, applications: applications.applications, disabled_applications: applications.disabled };
    respond(req, res, {
      view: 'admin/index',
      title: 'admin.title',
      model: { counts, events: recent.items.map((e) => auditRow(e, req.lang)) },
      json: { counts, recent_events: recent.items },
    });
  }
}
