import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditActor, NO_ACTOR } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { FormError } from '../common/errors/form.error';
import type { Page, Paging } from '../common/web/paging';
import { containing } from '../database/containing';
import { Group } from './group.entity';
import { UserGroup } from './user-group.entity';
import { User } from './user.entity';
import { usernameKey } from './username-rules';

export interface GroupView {
  id: number;
  name: string;
}

const toGroupView = (g: Group): GroupView => ({ id: g.id, name: g.name });
const GROUP_NAME = /^[\w.@+-]{1,150}$/;

/** Groups and their members: staff manage them (CLI for now), the group resource reads them. */
@Injectable()
export class GroupsService {
  constructor(
    @InjectRepository(Group) private readonly groups: Repository<Group>,
    @InjectRepository(UserGroup) private readonly members: Repository<UserGroup>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
  ) {}

  async create(name: string, actor: AuditActor = NO_ACTOR): Promise<GroupView> {
    const clean = await this.freeName(name);
    return this.groups.manager.transaction(async (em) => {
      const group = toGroupView(await em.save(this.groups.create({ name: clean })));
      await this.audit.record(actor, { type: 'group.created', details: { group_id: group.id, name: clean } }, em);
      return group;
    });
  }

  /** Staff's list: search by name, paging, member counts. */
  async page(q: string, paging: Paging): Promise<Page<GroupView & { members: number }>> {
    const term = q.trim();
    const [rows, total] = await this.groups.findAndCount({
      where: term ? { name: containing(term) } : {},
      order: { name: 'ASC' },
      skip: paging.skip,
      take: paging.take,
    });
    const counts = await Promise.all(rows.map((g) => this.members.count({ where: { groupId: g.id } })));
    return { items: rows.map((g, i) => ({ ...toGroupView(g), members: counts[i] })), total };
  }

  /** One group with its members (id and username). */
  async detail(id: number): Promise<GroupView & { members: Array<{ id: number; username: string }> }> {
    const group = await this.byId(id);
    const rows = await this.members.find({ where: { groupId: id }, relations: { user: true }, order: { userId: 'ASC' } });
    return { ...toGroupView(group), members: rows.map((r) => ({ id: r.userId, username: r.user!.username })) };
  }

  async rename(id: number, name: string, actor: AuditActor): Promise<GroupView> {
    const group = await this.byId(id);
    const clean = name.trim() === group.name ? group.name : await this.freeName(name);
    await this.groups.manager.transaction(async (em) => {
      await em.update(Group, { id }, { name: clean });
      await this.audit.record(actor, { type: 'group.renamed', details: { group_id: id, from: group.name, to: clean } }, em);
    });
    return { id, name: clean };
  }

  async removeById(id: number, actor: AuditActor): Promise<void> {
    const group = await this.byId(id);
    await this.groups.manager.transaction(async (em) => {
      await em.delete(UserGroup, { groupId: id });
      await em.delete(Group, { id });
      await this.audit.record(actor, { type: 'group.deleted', details: { group_id: id, name: group.name } }, em);
    });
  }

  /** Idempotent; 404 for an unknown group, a field error for an unknown user. */
  async addMemberById(groupId: number, userId: number, actor: AuditActor): Promise<void> {
    await this.byId(groupId);
    if (!(await this.users.exists({ where: { id: userId } }))) throw FormError.field('user_id', 'admin.groups.unknownUser');
    if (await this.members.exists({ where: { groupId, userId } })) return;
    await this.groups.manager.transaction(async (em) => {
      await em.insert(UserGroup, { groupId, userId });
      await this.audit.record(actor, { type: 'group.member_added', userId, details: { group_id: groupId } }, em);
    });
  }

  /** 404 unless the user is a member. */
  async removeMemberById(groupId: number, userId: number, actor: AuditActor): Promise<void> {
    await this.groups.manager.transaction(async (em) => {
      if (!(await em.delete(UserGroup, { groupId, userId })).affected) throw new NotFoundException();
      await this.audit.record(actor, { type: 'group.member_removed', userId, details: { group_id: groupId } }, em);
    });
  }

  /** Makes the user's groups exactly these (the console's user form), in the caller's transaction. */
  async setUserGroups(userId: number, groupIds: number[], em: EntityManager): Promise<void> {
    const wanted = [...new Set(groupIds)];
    if (wanted.length > 0 && (await em.count(Group, { where: { id: In(wanted) } })) !== wanted.length)
      throw FormError.field('groups', 'admin.groups.unknownGroup');
    await em.delete(UserGroup, { userId });
    if (wanted.length > 0)
      await em.insert(
        UserGroup,
        wanted.map((groupId) => ({ userId, groupId })),
      );
  }

  /** Every group (the user form's choices). */
  async all(): Promise<GroupView[]> {
    return (await this.groups.find({ order: { name: 'ASC' } })).map(toGroupView);
  }

  /** Several users' groups at once (the console's user list). */
  async listForUsers(userIds: number[]): Promise<Map<number, GroupView[]>> {
    const out = new Map<number, GroupView[]>();
    if (userIds.length === 0) return out;
    const rows = await this.members.find({ where: { userId: In(userIds) }, relations: { group: true }, order: { groupId: 'ASC' } });
    for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), toGroupView(r.group!)]);
    return out;
  }

  async list(): Promise<Array<GroupView & { members: string[] }>> {
    const groups = await this.groups.find({ order: { name: 'ASC' } });
    const rows = await this.members.find({ relations: { user: true } });
    return groups.map((g) => ({
      ...toGroupView(g),
      members: rows
        .filter((r) => r.groupId === g.id)
        .map((r) => r.user!.username)
        .sort(),
    }));
  }

  /** Idempotent: adding a member twice is not an error. */
  async addMember(groupName: string, username: string): Promise<void> {
    const [group, user] = await Promise.all([this.byName(groupName), this.userByName(username)]);
    if (!(await this.members.findOne({ where: { groupId: group.id, userId: user.id } }))) {
      await this.members.insert({ groupId: group.id, userId: user.id });
    }
  }

  async removeMember(groupName: string, username: string): Promise<void> {
    const [group, user] = await Promise.all([this.byName(groupName), this.userByName(username)]);
    await this.members.delete({ groupId: group.id, userId: user.id });
  }

  async remove(groupName: string): Promise<void> {
    const group = await this.byName(groupName);
    await this.groups.manager.transaction(async (em) => {
      await em.delete(UserGroup, { groupId: group.id });
      await em.delete(Group, { id: group.id });
    });
  }

  /** The groups a user belongs to. */
  async listForUser(userId: number): Promise<GroupView[]> {
    const rows = await this.members.find({ where: { userId }, relations: { group: true }, order: { groupId: 'ASC' } });
    return rows.map((r) => toGroupView(r.group!));
  }

  /** A group, only when the user belongs to it (membership in the query); else 404. */
  async getForMember(userId: number, groupId: number): Promise<GroupView> {
    const row = await this.members.findOne({ where: { userId, groupId }, relations: { group: true } });
    if (!row) throw new NotFoundException();
    return toGroupView(row.group!);
  }

  private async freeName(name: string): Promise<string> {
    const clean = name.trim();
    if (!GROUP_NAME.test(clean)) throw FormError.field('name', 'validation.invalid');
    if (await this.groups.findOne({ where: { name: clean } })) throw FormError.field('name', 'resources.groups.nameTaken', 'conflict');
    return clean;
  }

  private async byId(id: number): Promise<Group> {
    const group = await this.groups.findOne({ where: { id } });
    if (!group) throw new NotFoundException();
    return group;
  }

  private async byName(name: string): Promise<Group> {
    const group = await this.groups.findOne({ where: { name: name.trim() } });
    if (!group) throw new NotFoundException(`No group named ${name}`);
    return group;
  }

  private async userByName(username: string): Promise<User> {
    const user = await this.users.findOne({ where: { usernameKey: usernameKey(username) } });
    if (!user) throw new NotFoundException(`No user named ${username}`);
    return user;
  }
}
