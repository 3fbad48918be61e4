import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150 })
  username: string;

  /** NFKC + case-folded username (`usernameKey`): uniqueness and sign-in by username. */
  @Index('UQ_users_username_key', { unique: true })
  @Column({ name: 'username_key', type: 'varchar', length: 150 })
  usernameKey: string;

  /** TR 39 confusable skeleton (`usernameSkeleton`): no two names that look alike. */
  @Index('UQ_users_username_skeleton', { unique: true })
  @Column({ name: 'username_skeleton', type: 'varchar', length: 600 })
  usernameSkeleton: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Index('UQ_users_email_key', { unique: true })
  @Column({ name: 'email_key', type: 'varchar', length: 254 })
  emailKey: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'email_verified', type: 'boolean', width: 1, default: false })
  emailVerified: boolean;

  @Column({ name: 'is_active', type: 'boolean', width: 1, default: true })
  isActive: boolean;

  @Column({ name: 'is_staff', type: 'boolean', width: 1, default: false })
  isStaff: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 0, default: () => 'CURRENT_TIMESTAMP', onUpdate: 'CURRENT_TIMESTAMP' })
  updatedAt: Date;
}
