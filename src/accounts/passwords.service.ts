import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { FormError } from '../common/errors/form.error';
import { FailureLimiter, RateLimitService } from '../common/rate-limit/rate-limit.service';
import { Language } from '../common/i18n/i18n';
import { accountsConfig, AccountsConfig, appConfig, AppConfig } from '../config/configuration';
import { MailRecipient, MailService } from '../mail/mail.service';
import { AccountTokensService } from './account-tokens.service';
import { ChangePasswordDto, SetPasswordDto } from './dto/password-reset.dto';
import { accountKey, unknownLoginKey } from './login-key';
import { PasswordOwner, passwordProblems } from './password-policy';
import { mailError } from './registration.service';
import { SignInThrottle } from './sign-in-throttle';
import { UsersService } from './users.service';

const HOUR = 3600;

/** Forgotten-password links and password changes; both end the user's sessions and OAuth tokens. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);
  private readonly perIp: FailureLimiter;
  private readonly perAccount: FailureLimiter;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly mail: MailService,
    private readonly signInThrottle: SignInThrottle,
    private readonly audit: AuditService,
    limits: RateLimitService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
  ) {
    this.perAccount = limits.limiter('reset-account', config.passwordResetMaxPerHour, HOUR);
    this.perIp = limits.limiter('reset-ip', config.passwordResetMaxPerHour * 4, HOUR);
  }

  /**
   * Sends a reset link if an active account has this address. The caller always shows the
   * same answer, after the same work: the mail server is checked in both cases (an outage is
   * reported alike), and the link is issued and mailed after the answer, so the time taken
   * does not tell whether the address has an account. Only a request that got that far counts
   * against the hourly budgets (per address, keyed by the account; per client address):
   * requests refused during a mail outage spend none of it.
   */
  async requestReset(email: string, actor: AuditActor, lang: Language): Promise<void> {
    const ip = actor.ip ?? '';
    let wait = await this.perIp.blockedFor(ip);
    const user = wait > 0 ? null : await this.users.findByEmail(email);
    const account = user ? accountKey(user.id) : unknownLoginKey(email);
    wait ||= await this.perAccount.blockedFor(account);
    if (wait > 0) throw FormError.rateLimited('errors.rateLimited', wait);
    await this.mail.assertAvailable().catch((err) => Promise.reject(mailError(err)));
    await Promise.all([this.perIp.fail(ip), this.perAccount.fail(account)]);
    if (user) void this.sendResetLink(user, lang, actor);
  }

  /** Public for the operator console's "send a reset link" (which waits for the mail). */
  async sendResetLink(user: MailRecipient & { id: number }, lang: Language, actor: AuditActor): Promise<boolean> {
    const ttl = this.config.passwordResetTtlSeconds;
    let issued: number | undefined;
    try {
      const { token, id } = await this.tokens.issue(user.id, 'password_reset', ttl);
      issued = id;
      await this.audit.record(actor, { type: 'user.password_reset.requested', userId: user.id });
      await this.mail.sendPasswordReset(user, `${this.app.issuer}/accounts/reset/${encodeUid(user.id)}/${token}/`, lang, ttl);
      return true;
    } catch (err) {
      this.logger.warn(`Password reset mail for user ${user.id} not sent: ${(err as Error).message}`);
      if (issued !== undefined) await this.tokens.revoke(issued).catch(() => undefined);
      return false;
    }
  }

  /** Whether a reset link is still usable (the page shows the form only then). */
  async isValidLink(uid: string, token: string): Promise<boolean> {
    const userId = decodeUid(uid);
    return userId !== null && (await this.tokens.findValid(token, 'password_reset', userId)) !== null;
  }

  /**
   * Sets the new password once per link and signs the user out everywhere. The account's
   * sign-in failures are forgotten, with those of the address that completed the reset.
   */
  async resetPassword(uid: string, token: string, dto: SetPasswordDto, actor: AuditActor): Promise<void> {
    const userId = decodeUid(uid);
    const row = userId === null ? null : await this.tokens.findValid(token, 'password_reset', userId);
    if (!row) throw FormError.form('accounts.reset.invalidLink');
    const user = await this.users.findById(row.userId);
    const problems = passwordProblems(dto.new_password1, dto.new_password2, user ?? {}, 'new_password1', 'new_password2');
    if (Object.keys(problems).length > 0) throw new FormError(problems);
    await this.users.setPassword(row.userId, dto.new_password1, async (em) => {
      // Two racing uses of one link: the conditional update lets exactly one through.
      if (!(await this.tokens.consume(row.id, em))) throw FormError.form('accounts.reset.invalidLink');
      await this.audit.record(actor, { type: 'user.password_reset.completed', userId: row.userId }, em);
    });
    await this.signInThrottle.cleared(accountKey(row.userId), actor.ip ?? '');
    this.logger.log(`Password reset for user ${row.userId}; all sessions and OAuth tokens ended`);
  }

  /**
   * Profile password change: every session of the user ends (the caller gives the current one
   * a new id) and so do the user's OAuth tokens.
   */
  async changePassword(user: PasswordOwner & { id: number }, dto: ChangePasswordDto, actor: AuditActor): Promise<void> {
    const problems = passwordProblems(dto.new_password1, dto.new_password2, user, 'new_password1', 'new_password2');
    if (Object.keys(problems).length > 0) throw new FormError(problems);
    await this.users.changePassword(user.id, dto.current_password, dto.new_password1, (em) =>
      this.audit.record(actor, { type: 'user.password.changed', userId: user.id }, em),
    );
  }
}

// The uid in reset links is the user id in base64url, as Django does; the token is what counts.
export const encodeUid = (id: number) => Buffer.from(String(id)).toString('base64url');
export function decodeUid(uid: string): number | null {
  if (typeof uid !== 'string' || uid.length > 20) return null;
  const id = Number(Buffer.from(uid, 'base64url').toString('utf8'));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
