import { Inject, Injectable, Logger } from '@nestjs/common';
import { FormError } from '../common/errors/form.error';
import { FailureLimiter, RateLimitService } from '../common/rate-limit/rate-limit.service';
import { Language } from '../common/i18n/i18n';
import { accountsConfig, AccountsConfig, appConfig, AppConfig } from '../config/configuration';
import { MailService } from '../mail/mail.service';
import { AccountTokensService } from './account-tokens.service';
import { ChangePasswordDto, SetPasswordDto } from './dto/password-reset.dto';
import { passwordProblems } from './password-policy';
import { mailError } from './registration.service';
import { TypeormSessionStore } from './session.store';
import { UsersService } from './users.service';

const HOUR = 3600;

/** Forgotten-password links and password changes; both end the user's other sessions. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);
  private readonly perIp: FailureLimiter;
  private readonly perAddress: FailureLimiter;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly mail: MailService,
    private readonly sessions: TypeormSessionStore,
    limits: RateLimitService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
  ) {
    this.perAddress = limits.limiter('reset-address', config.passwordResetMaxPerHour, HOUR);
    this.perIp = limits.limiter('reset-ip', config.passwordResetMaxPerHour * 4, HOUR);
  }

  /**
   * Sends a reset link if an active account has this address. The caller always shows the
   * same answer; even a mail outage is reported the same way for unknown addresses. Only a
   * request that was sent (or, for an unknown address, would have been) counts against the
   * hourly budget: requests refused during a mail outage spend none of it.
   */
  async requestReset(email: string, ip: string, lang: Language): Promise<void> {
    const address = email.trim().toLowerCase();
    const wait = Math.max(await this.perIp.blockedFor(ip), await this.perAddress.blockedFor(address));
    if (wait > 0) throw FormError.rateLimited('errors.rateLimited', wait);
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.mail.assertAvailable().catch((err) => Promise.reject(mailError(err)));
    } else {
      const ttl = this.config.passwordResetTtlSeconds;
      const { token, id } = await this.tokens.issue(user.id, 'password_reset', ttl);
      const link = `${this.app.issuer}/accounts/reset/${encodeUid(user.id)}/${token}/`;
      try {
        await this.mail.sendPasswordReset(user, link, lang, ttl);
      } catch (err) {
        await this.tokens.revoke(id);
        throw mailError(err);
      }
    }
    await Promise.all([this.perIp.fail(ip), this.perAddress.fail(address)]);
  }

  /** Whether a reset link is still usable (the page shows the form only then). */
  async isValidLink(uid: string, token: string): Promise<boolean> {
    const userId = decodeUid(uid);
    return userId !== null && (await this.tokens.findValid(token, 'password_reset', userId)) !== null;
  }

  /** Sets the new password once per link and signs the user out everywhere. */
  async resetPassword(uid: string, token: string, dto: SetPasswordDto): Promise<void> {
    const userId = decodeUid(uid);
    const row = userId === null ? null : await this.tokens.findValid(token, 'password_reset', userId);
    if (!row) throw FormError.form('accounts.reset.invalidLink');
    const user = await this.users.findById(row.userId);
    const problems = passwordProblems(dto.new_password1, dto.new_password2, user?.username, 'new_password1', 'new_password2');
    if (Object.keys(problems).length > 0) throw new FormError(problems);
    if (!(await this.tokens.consume(row.id))) throw FormError.form('accounts.reset.invalidLink');
    await this.users.setPassword(row.userId, dto.new_password1);
    await this.sessions.destroyAllForUser(row.userId);
    this.logger.log(`Password reset for user ${row.userId}; all sessions ended`);
  }

  /** Profile password change: keeps the current session, ends the others. */
  async changePassword(userId: number, username: string, dto: ChangePasswordDto, currentSid: string): Promise<void> {
    const problems = passwordProblems(dto.new_password1, dto.new_password2, username, 'new_password1', 'new_password2');
    if (Object.keys(problems).length > 0) throw new FormError(problems);
    await this.users.changePassword(userId, dto.current_password, dto.new_password1);
    await this.sessions.destroyAllForUser(userId, currentSid);
  }
}

// The uid in reset links is the user id in base64url, as Django does; the token is what counts.
export const encodeUid = (id: number) => Buffer.from(String(id)).toString('base64url');
export function decodeUid(uid: string): number | null {
  if (typeof uid !== 'string' || uid.length > 20) return null;
  const id = Number(Buffer.from(uid, 'base64url').toString('utf8'));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
