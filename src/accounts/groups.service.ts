import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FormError } from '../common/errors/form.error';
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
  ) {}

  async create(name: string): Promise<GroupView> {
    const clean = name.trim();
    if (!GROUP_NAME.test(clean)) throw FormError.field('name', 'validation.invalid');
    if (await this.groups.findOne({ where: { name: clean } })) throw FormError.field('name', 'resources.groups.nameTaken', 'conflict');
    return toGroupView(await this.groups.save(this.groups.create({ name: clean })));
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
