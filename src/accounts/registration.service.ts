import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { FormError } from '../common/errors/form.error';
import { Language } from '../common/i18n/i18n';
import { FailureLimiter, RateLimitService } from '../common/rate-limit/rate-limit.service';
import type { SessionUser } from '../common/web/request-augment';
import { accountsConfig, AccountsConfig, appConfig, AppConfig } from '../config/configuration';
import { deleteExpiredRows } from '../database/expired-rows';
import { MailService } from '../mail/mail.service';
import { MailUnavailableError } from '../mail/mail.transport';
import { AccountTokensService } from './account-tokens.service';
import { RegisterDto } from './dto/register.dto';
import { hashPassword } from './password.hasher';
import { passwordProblems } from './password-policy';
import { PendingRegistration } from './pending-registration.entity';
import { emailKey, toSessionUser } from './user.view';
import { normalizeUsername } from './username-rules';
import { UsersService } from './users.service';

const HOUR = 3600;

/**
 * Registration and e-mail address verification.
 *
 * The register form never reveals whether an address has an account: both answers are the
 * same page after the same work (an argon2 hash, one look-up, one mail). A new address gets a
 * link that creates the account; an address that has one gets a mail telling its owner.
 * Nothing about users changes before the link is followed, so signing in or registering the
 * same username afterwards tells nothing either. Usernames are public handles: a taken one
 * is still reported on the form.
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger(RegistrationService.name);
  private readonly perIp: FailureLimiter;
  private readonly perAddress: FailureLimiter;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly mail: MailService,
    @InjectRepository(PendingRegistration) private readonly pending: Repository<PendingRegistration>,
    limits: RateLimitService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
    private readonly audit: AuditService,
  ) {
    this.perAddress = limits.limiter('register-address', config.registerMaxPerHour, HOUR);
    this.perIp = limits.limiter('register-ip', config.registerMaxPerHour * 4, HOUR);
  }

  /** Mails a link that creates the account, or tells the owner of a known address. */
  async register(dto: RegisterDto, ip: string, lang: Language): Promise<void> {
    const problems = passwordProblems(dto.password, dto.password2, dto);
    if (Object.keys(problems).length > 0) throw new FormError(problems);
    const username = normalizeUsername(dto.username);
    await this.users.assertUsernameFree(username);
    const address = emailKey(dto.email);
    const wait = (await this.perIp.blockedFor(ip)) || (await this.perAddress.blockedFor(address));
    if (wait > 0) throw FormError.rateLimited('errors.rateLimited', wait);
    // Like reset requests, only a registration whose mail went out spends the hourly budgets.
    const counted = () => Promise.all([this.perIp.fail(ip), this.perAddress.fail(address)]);
    const passwordHash = await hashPassword(dto.password);
    const owner = await this.users.findByEmailKey(address);
    if (owner) {
      const links = { login: `${this.app.issuer}/accounts/login/`, reset: `${this.app.issuer}/accounts/password_reset/` };
      await this.mail.sendRegistrationAttempt(owner, links, lang).catch((err) => Promise.reject(mailError(err)));
      await counted();
      return;
    }
    const token = randomToken(32);
    const ttl = this.config.emailVerificationTtlSeconds;
    const row = await this.pending.save(
      this.pending.create({
        username,
        email: dto.email.trim(),
        emailKey: address,
        passwordHash,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(Date.now() + ttl * 1000),
      }),
    );
    try {
      await this.mail.sendRegistrationLink({ username, email: row.email }, `${this.app.issuer}/accounts/register/confirm/${token}/`, lang, ttl);
    } catch (err) {
      await this.pending.delete({ id: row.id });
      throw mailError(err);
    }
    await counted();
  }

  /** What a registration link would create (the page asks before creating), or null. */
  async pendingFor(token: string): Promise<{ username: string; email: string } | null> {
    const row = await this.findPending(token);
    return row && { username: row.username, email: row.email };
  }

  /**
   * Creates the account of a registration link, once: the link proves the address, so the
   * account starts verified. A name or address taken since the form was sent is reported.
   */
  async confirm(token: string, actor: AuditActor): Promise<SessionUser> {
    const row = await this.findPending(token);
    // The conditional DELETE makes two racing uses impossible: exactly one removes the row.
    if (!row || ((await this.pending.delete({ id: row.id })).affected ?? 0) !== 1) throw FormError.form('accounts.register.invalidLink');
    try {
      const user = await this.users.create(
        { username: row.username, email: row.email, password: { hash: row.passwordHash }, emailVerified: true },
        (created, em) => this.audit.record(actor, { type: 'user.registered', userId: created.id }, em),
      );
      await this.pending.delete({ emailKey: row.emailKey });
      this.logger.log(`User ${user.id} registered`);
      return toSessionUser(user);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      throw FormError.form(Object.values(err.fieldErrors)[0] ?? 'accounts.register.invalidLink', 'conflict');
    }
  }

  async sendVerification(user: SessionUser, lang: Language): Promise<void> {
    const ttl = this.config.emailVerificationTtlSeconds;
    const { token, id } = await this.tokens.issue(user.id, 'verify_email', ttl);
    const link = `${this.app.issuer}/accounts/verify_email/${token}/`;
    try {
      await this.mail.sendEmailVerification(user, link, lang, ttl);
    } catch (err) {
      await this.tokens.revoke(id);
      throw mailError(err);
    }
  }

  /** Confirms the address; false when the link is unknown, used or expired. */
  async verifyEmail(token: string, actor: AuditActor): Promise<boolean> {
    const row = await this.tokens.findValid(token, 'verify_email');
    if (!row) return false;
    const verified = await this.pending.manager.transaction(async (em) => {
      if (!(await this.tokens.consume(row.id, em))) return false;
      await this.users.markEmailVerified(row.userId, em);
      await this.audit.record(actor, { type: 'user.email.verified', userId: row.userId }, em);
      return true;
    });
    if (!verified) return false;
    this.logger.log(`E-mail verified for user ${row.userId}`);
    return true;
  }

  /** The accounts module's sweeper (housekeeping): registration links never followed. */
  deleteExpired(now = new Date()): Promise<number> {
    return deleteExpiredRows(this.pending, now);
  }

  private findPending(token: string): Promise<PendingRegistration | null> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) return Promise.resolve(null);
    return this.pending.findOne({ where: { tokenHash: sha256Hex(token), expiresAt: MoreThan(new Date()) } });
  }
}

/** A mail outage becomes a clear 503 message on the form, never a 500 page. */
export function mailError(err: unknown): unknown {
  return err instanceof MailUnavailableError ? FormError.form('errors.mailUnavailable', 'unavailable') : err;
}
