import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, QueryFailedError, Repository } from 'typeorm';
import { FormError } from '../common/errors/form.error';
import { findOneWhere } from '../database/direct-rows';
import { SessionUser } from '../common/web/request-augment';
import { CredentialsChangedHooks } from './credentials-changed.hooks';
import { weakPasswordProblem } from './password-policy';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.hasher';
import { User } from './user.entity';
import { emailKey, toSessionUser } from './user.view';
import { normalizeUsername, usernameKey, usernameProblem, usernameSkeleton } from './username-rules';

export interface NewUser {
  username: string;
  email: string;
  /** The password, or its argon2id hash when it was checked and hashed earlier (a registration link). */
  password: string | { hash: string };
  emailVerified?: boolean;
  isStaff?: boolean;
}

/** The user table: creation, credential checks, password changes. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly credentialsChanged: CredentialsChangedHooks,
  ) {}

  /** `then` runs in the transaction that stores the user (its audit event). */
  async create(input: NewUser, then?: (user: User, em: EntityManager) => Promise<void>): Promise<User> {
    const username = normalizeUsername(input.username);
    // Every way an account is made (registration, the CLI, seeding) meets the same password rule.
    const weak = typeof input.password === 'string' ? weakPasswordProblem(input.password, input) : null;
    if (weak) throw FormError.field('password', weak);
    const keys = { ...checkedUsernameKeys(username), emailKey: emailKey(input.email) };
    await this.assertFree(keys);
    const user = this.users.create({
      ...keys,
      username,
      email: input.email.trim(),
      passwordHash: typeof input.password === 'string' ? await hashPassword(input.password) : input.password.hash,
      emailVerified: input.emailVerified ?? false,
      isStaff: input.isStaff ?? false,
    });
    try {
      return await this.users.manager.transaction(async (em) => {
        const saved = await em.save(user);
        await then?.(saved, em);
        return saved;
      });
    } catch (e) {
      // Two registrations racing for one name: the unique indexes decide.
      if (e instanceof QueryFailedError && /unique|duplicate/i.test(e.message)) await this.assertFree(keys);
      throw e;
    }
  }

  /** Refuses a username that breaks the rules, is taken or looks like a taken one (public handles: saying so reveals nothing private). */
  async assertUsernameFree(username: string): Promise<void> {
    await this.assertFree(checkedUsernameKeys(username));
  }

  /** The account a sign-in names: username (in any of its folded forms) or e-mail, any letter case. */
  async findByLogin(login: string): Promise<User | null> {
    return this.users.findOne({ where: login.includes('@') ? { emailKey: emailKey(login) } : { usernameKey: usernameKey(login) } });
  }

  /**
   * The same time is spent whether the account exists or not. A disabled account is named
   * only to whoever knows its password (`'disabled'`), so that its owner learns why.
   */
  async checkPassword(user: User | null, password: string): Promise<SessionUser | 'disabled' | null> {
    if (!user) {
      await burnPasswordCheck(password);
      return null;
    }
    if (!(await verifyPassword(user.passwordHash, password))) return null;
    return user.isActive ? toSessionUser(user) : 'disabled';
  }

  /** The resource API's user lookup (hot path: no query builder). */
  async findById(id: number): Promise<User | null> {
    return findOneWhere(this.users, { id });
  }

  async findActiveSessionUser(id: number): Promise<SessionUser | null> {
    // Every signed-in request and every refresh grant: one indexed lookup, no query builder.
    const user = await findOneWhere(this.users, { id, isActive: true });
    return user ? toSessionUser(user) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { emailKey: emailKey(email), isActive: true } });
  }

  /** Any account with this address, disabled ones too (the address stays theirs). */
  async findByEmailKey(key: string): Promise<User | null> {
    return this.users.findOne({ where: { emailKey: key } });
  }

  async findByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { usernameKey: usernameKey(username) } });
  }

  /**
   * Stores a new password and, in the same transaction, runs `first` (the caller's part: using
   * the reset link) and the credentials-changed listeners (sessions, OAuth grants): a failure
   * anywhere leaves the old password and everything it gave out as they were.
   */
  async setPassword(userId: number, password: string, first?: (em: EntityManager) => Promise<void>): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.users.manager.transaction(async (em) => {
      await first?.(em);
      await em.update(User, { id: userId }, { passwordHash });
      await this.credentialsChanged.notify(userId, em);
    });
  }

  async changePassword(userId: number, currentPassword: string, newPassword: string, first?: (em: EntityManager) => Promise<void>): Promise<void> {
    const user = await this.users.findOneOrFail({ where: { id: userId } });
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw FormError.field('current_password', 'accounts.profile.wrongPassword');
    }
    await this.setPassword(userId, newPassword, first);
  }

  /** The profile page's view model. */
  async profile(userId: number): Promise<{ username: string; email: string; emailVerified: boolean; memberSince: string }> {
    const u = await this.users.findOneOrFail({ where: { id: userId } });
    return { username: u.username, email: u.email, emailVerified: u.emailVerified, memberSince: u.createdAt.toISOString().slice(0, 10) };
  }

  async remove(userId: number): Promise<void> {
    await this.users.delete({ id: userId });
  }

  async markEmailVerified(userId: number, em: EntityManager = this.users.manager): Promise<void> {
    await em.update(User, { id: userId }, { emailVerified: true });
  }

  /**
   * Refuses a name or an address another account has: the same name, a lookalike, or the
   * address. One question each, so the database's collation (accent-blind on MariaDB) decides.
   */
  private async assertFree(keys: Pick<User, 'usernameKey' | 'usernameSkeleton'> & { emailKey?: string }): Promise<void> {
    const checks: Array<[FindOptionsWhere<User>, string, string]> = [
      [{ usernameKey: keys.usernameKey }, 'username', 'accounts.register.usernameTaken'],
      [{ usernameSkeleton: keys.usernameSkeleton }, 'username', 'accounts.register.usernameLookalike'],
    ];
    if (keys.emailKey) checks.push([{ emailKey: keys.emailKey }, 'email', 'accounts.register.emailTaken']);
    for (const [where, field, message] of checks) {
      if (await this.users.exists({ where })) throw FormError.field(field, message, 'conflict');
    }
  }
}

/** The unique keys of a username, after its rules (format, one script). */
function checkedUsernameKeys(username: string): Pick<User, 'usernameKey' | 'usernameSkeleton'> {
  const invalid = usernameProblem(username);
  if (invalid) throw FormError.field('username', invalid);
  return { usernameKey: usernameKey(username), usernameSkeleton: usernameSkeleton(username) };
}
