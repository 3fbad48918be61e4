import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GroupsService } from '../accounts/groups.service';
import { SessionsService } from '../accounts/sessions.service';
import { UserDirectoryService } from '../accounts/user-directory.service';
import { ApplicationsService } from '../applications/applications.service';
import { auditRow } from '../audit/audit-page';
import { AuditService } from '../audit/audit.service';
import { formatDateTime } from '../common/web/format-date';
import { pagingOf } from '../common/web/paging';
import { AuthorizationsService } from '../tokens/authorizations.service';

/** Everything the console's user page shows: the user, the groups to choose from, applications, authorizations, sessions, events. */
@Injectable()
export class UserPageModel {
  constructor(
    private readonly users: UserDirectoryService,
    private readonly groups: GroupsService,
    private readonly apps: ApplicationsService,
    private readonly authorizations: AuthorizationsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async build(req: FastifyRequest, pk: number): Promise<Record<string, unknown>> {
    const user = await this.users.get(pk);
    const first = pagingOf({});
    const [allGroups, apps, authorizations, sessions, events] = await Promise.all([
      this.groups.all(),
      this.apps.page('', first, pk),
      this.authorizations.page({ userId: pk }, first),
      this.sessions.list(pk),
      this.audit.list({ userId: pk }, { skip: 0, take: 10 }),
    ]);
    const mine = new Set(user.groups.map((g) => g.id));
    return {
      user,
      created: formatDateTime(user.created_at, req.lang),
      lastLogin: formatDateTime(user.last_login_at, req.lang),
      self: pk === req.user!.id,
      groupChoices: allGroups.map((g) => ({ ...g, checked: mine.has(g.id) })),
      applications: apps.items,
      authorizations: authorizations.items.map((a) => ({ ...a, lastUsed: formatDateTime(a.last_used_at, req.lang) })),
      sessions: sessions.map((s) => ({ ...s, seen: formatDateTime(s.last_seen_at, req.lang) })),
      events: events.items.map((e) => auditRow(e, req.lang)),
      values: { email: user.email },
    };
  }
}
