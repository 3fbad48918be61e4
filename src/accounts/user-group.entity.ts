import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Group } from './group.entity';
import { User } from './user.entity';

/** Group membership. */
@Entity('user_groups')
export class UserGroup {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @Index('IDX_user_groups_group')
  @PrimaryColumn({ name: 'group_id', type: 'integer' })
  groupId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @ManyToOne(() => Group, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: Group;
}
