import { Controller, Delete, Get, Header, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { OWN_ACTIVITY_TYPES } from '../audit/audit-event-types';
import { auditRow } from '../audit/audit-page';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { formatDateTime } from '../common/web/format-date';
import { pageLinks, pagingOf } from '../common/web/paging';
import type { SessionUser } from '../common/web/request-augment';
import { redirectOrJson, respond } from '../common/web/respond';
import { wantsJson } from '../common/web/wants-json';
import { readableDevice } from './device';
import { SESSION_COOKIE } from './session.constants';
import { forgetSession } from './session-user';
import { TypeormSessionStore } from './session.store';
import { SessionsService } from './sessions.service';

const SESSIONS = '/accounts/sessions/';
const SESSION_ID = /^[0-9a-f]{64}$/;

/** The signed-in user's own sign-in sessions and security events (CONTRACT §8). */
@Controller('accounts')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  @Get('sessions')
  @Header('Cache-Control', 'no-store')
  async list(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const sessions = await this.sessions.list(user.id, req.session.sessionId);
    const rows = sessions.map((s) => ({
      ...s,
      device: readableDevice(s.user_agent),
      started: formatDateTime(s.created_at, req.lang),
      seen: formatDateTime(s.last_seen_at, req.lang),
    }));
    respond(req, res, { view: 'accounts/sessions', title: 'accounts.sessions.title', model: { sessions: rows, others: sessions.length > 1 }, json: sessions });
  }

  @Delete('sessions/:id')
  async end(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    if (!SESSION_ID.test(id)) throw new NotFoundException();
    await this.sessions.end(user.id, id, auditActor(req));
    if (id !== TypeormSessionStore.rowId(req.session.sessionId)) return redirectOrJson(req, res, SESSIONS, 'accounts.sessions.ended', null, 204);
    // This very session: signed out here too (a flash would save it again).
    await forgetSession(req);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (wantsJson(req)) res.status(204).send();
    else res.redirect('/accounts/login/', 303);
  }

  /** HTML forms cannot DELETE. */
  @Post('sessions/:id/delete')
  endForm(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.end(user, id, req, res);
  }

  @Post('sessions/end_others')
  async endOthers(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const ended = await this.sessions.endOthers(user.id, req.session.sessionId, auditActor(req));
    redirectOrJson(req, res, SESSIONS, 'accounts.sessions.endedOthers', { ended });
  }

  @Get('activity')
  @Header('Cache-Control', 'no-store')
  async activity(
    @CurrentUser() user: SessionUser,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const paging = pagingOf(query);
    const events = await this.audit.list({ userId: user.id, types: OWN_ACTIVITY_TYPES }, paging);
    respond(req, res, {
      view: 'accounts/activity',
      title: 'accounts.activity.title',
      model: { events: events.items.map((e) => auditRow(e, req.lang)), ...pageLinks('/accounts/activity/', query, paging, events.total) },
      json: events,
    });
  }
}
