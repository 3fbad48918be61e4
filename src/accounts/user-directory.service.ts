import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { AuditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { FormError } from '../common/errors/form.error';
import type { Page, Paging } from '../common/web/paging';
import { containing } from '../database/containing';
import { CredentialsChangedHooks } from './credentials-changed.hooks';
import { GroupsService, GroupView } from './groups.service';
import { TypeormSessionStore } from './session.store';
import { User } from './user.entity';
import { emailKey } from './user.view';
import { usernameKey } from './username-rules';

/** A user as the operator console shows it (CONTRACT §7). */
export interface UserAdminView {
  id: number;
  username: string;
  email: string;
  email_verified: boolean;
  is_active: boolean;
  is_staff: boolean;
  groups: GroupView[];
  created_at: string;
  last_login_at: string | null;
}

export interface UserChanges {
  email?: string;
  isStaff?: boolean;
  /** The complete list of the user's groups (ids). */
  groupIds?: number[];
}

/**
 * The users as staff manage them: search, edit, disable, enable, delete. Every change is
 * recorded in the audit log in its own transaction. A disabled account keeps its rows; its
 * sessions and tokens end with the switch (the credentials-changed listeners: accounts ends
 * the sessions, tokens revokes the grants), and sign-in and refresh refuse it on every
 * instance because each reads `is_active` from the database.
 */
@Injectable()
export class UserDirectoryService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly groups: GroupsService,
    private readonly sessions: TypeormSessionStore,
    private readonly credentialsChanged: CredentialsChangedHooks,
    private readonly audit: AuditService,
  ) {}

  /** Search by username or e-mail (a part of either), newest accounts first. */
  async search(q: string, paging: Paging): Promise<Page<UserAdminView>> {
    const term = q.trim();
    const where = term ? [{ usernameKey: containing(usernameKey(term)) }, { emailKey: containing(emailKey(term)) }] : {};
    const [rows, total] = await this.users.findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, skip: paging.skip, take: paging.take });
    return { items: await this.views(rows), total };
  }

  async get(id: number): Promise<UserAdminView> {
    return (await this.views([await this.find(id)]))[0];
  }

  async update(id: number, changes: UserChanges, actor: AuditActor): Promise<UserAdminView> {
    const user = await this.find(id);
    if (changes.isStaff === false && id === actor.staffId) throw FormError.field('is_staff', 'admin.users.noSelfDemotion');
    if (changes.email !== undefined && emailKey(changes.email) !== user.emailKey) {
      if (await this.users.exists({ where: { emailKey: emailKey(changes.email) } })) throw FormError.field('email', 'accounts.register.emailTaken', 'conflict');
    }
    await this.users.manager.transaction(async (em) => {
      const fields: Partial<User> = {};
      if (changes.email !== undefined && changes.email.trim() !== user.email) {
        // A new address is not proven until its owner confirms it.
        Object.assign(fields, { email: changes.email.trim(), emailKey: emailKey(changes.email), emailVerified: false });
      }
      if (changes.isStaff !== undefined) fields.isStaff = changes.isStaff;
      if (Object.keys(fields).length > 0) await em.update(User, { id }, fields);
      if (changes.groupIds) await this.groups.setUserGroups(id, changes.groupIds, em);
      const details = { email: 'email' in fields, is_staff: fields.isStaff ?? null, groups: changes.groupIds?.join(' ') ?? null };
      await this.audit.record(actor, { type: 'user.updated', userId: id, details }, em);
    });
    return this.get(id);
  }

  /** Disables (every session ends, every token is revoked) or enables an account; staff cannot disable themselves. */
  async setActive(id: number, active: boolean, actor: AuditActor): Promise<UserAdminView> {
    await this.find(id);
    if (!active && id === actor.staffId) throw FormError.form('admin.users.noSelfDisable');
    await this.users.manager.transaction(async (em) => {
      await em.update(User, { id }, { isActive: active });
      if (!active) await this.credentialsChanged.notify(id, em);
      await this.audit.record(actor, { type: active ? 'user.enabled' : 'user.disabled', userId: id }, em);
    });
    return this.get(id);
  }

  /** Deletes the account; its applications, grants and memberships go with it (foreign keys), its sessions here. */
  async remove(id: number, actor: AuditActor): Promise<void> {
    const user = await this.find(id);
    if (id === actor.staffId) throw FormError.form('admin.users.noSelfDelete');
    await this.users.manager.transaction(async (em: EntityManager) => {
      await this.sessions.destroyAllForUser(id, em);
      await em.delete(User, { id });
      await this.audit.record(actor, { type: 'user.deleted', userId: id, details: { username: user.username } }, em);
    });
  }

  /** Counts for the console's overview. */
  async counts(): Promise<{ users: number; disabled: number; staff: number }> {
    const [users, disabled, staff] = await Promise.all([
      this.users.count(),
      this.users.count({ where: { isActive: false } }),
      this.users.count({ where: { isStaff: true } }),
    ]);
    return { users, disabled, staff };
  }

  /** Several users' names by id (the console's lists show who, not a number). */
  async usernames(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    const rows = unique.length ? await this.users.find({ select: { id: true, username: true }, where: { id: In(unique) } }) : [];
    return new Map(rows.map((u) => [u.id, u.username]));
  }

  private async find(id: number): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFoundException();
    return user;
  }

  private async views(rows: User[]): Promise<UserAdminView[]> {
    const ids = rows.map((u) => u.id);
    const [groups, logins] = await Promise.all([this.groups.listForUsers(ids), this.audit.lastOfType('user.login.succeeded', ids)]);
    return rows.map((u) => ({
      id: u.id,
      username: u.username,
      email: u.email,
      email_verified: u.emailVerified,
      is_active: u.isActive,
      is_staff: u.isStaff,
      groups: groups.get(u.id) ?? [],
      created_at: u.createdAt.toISOString(),
      last_login_at: logins.get(u.id)?.toISOString() ?? null,
    }));
  }
}
