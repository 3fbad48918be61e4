import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_EVENT_TYPES } from '../audit/audit-event-types';
import { auditRow, auditTypeKey } from '../audit/audit-page';
import { AuditService } from '../audit/audit.service';
import { StaffOnly } from '../common/decorators/staff-only.decorator';
import { translate } from '../common/i18n/i18n';
import { pageLinks, pagingOf } from '../common/web/paging';
import { respond } from '../common/web/respond';
import { auditFilterOf } from './admin-filters';

/** The audit log (CONTRACT §7, §8): filtered by type, user, client and time; newest first. */
@StaffOnly()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const paging = pagingOf(query);
    const page = await this.audit.list(auditFilterOf(query), paging);
    const values = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string'));
    const types = AUDIT_EVENT_TYPES.map((type) => ({ type, label: translate(req.lang, auditTypeKey(type)), selected: values.type === type }));
    respond(req, res, {
      view: 'admin/audit',
      title: 'admin.audit.title',
      model: {
        events: page.items.map((e) => auditRow(e, req.lang)),
        total: page.total,
        types,
        values,
        ...pageLinks('/admin/audit/', query, paging, page.total),
      },
      json: page,
    });
  }
}
