import { Inject, Injectable, Logger } from '@nestjs/common';
import { FormError } from '../common/errors/form.error';
import { Language } from '../common/i18n/i18n';
import type { SessionUser } from '../common/web/request-augment';
import { accountsConfig, AccountsConfig, appConfig, AppConfig } from '../config/configuration';
import { MailService } from '../mail/mail.service';
import { MailUnavailableError } from '../mail/mail.transport';
import { AccountTokensService } from './account-tokens.service';
import { RegisterDto } from './dto/register.dto';
import { passwordProblems } from './password-policy';
import { toSessionUser } from './user.view';
import { UsersService } from './users.service';

/** Registration and e-mail address verification. */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger(RegistrationService.name);

  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly mail: MailService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
  ) {}

  /**
   * Creates the account and sends the confirmation link. If the mail cannot be sent the
   * account is removed again, so the form can simply be sent once more.
   */
  async register(dto: RegisterDto, lang: Language): Promise<SessionUser> {
    const problems = passwordProblems(dto.password, dto.password2, dto);
    if (Object.keys(problems).length > 0) throw new FormError(problems);
    const user = await this.users.create({ username: dto.username, email: dto.email, password: dto.password });
    try {
      await this.sendVerification(toSessionUser(user), lang);
    } catch (err) {
      await this.users.remove(user.id);
      throw err;
    }
    return toSessionUser(user);
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
  async verifyEmail(token: string): Promise<boolean> {
    const row = await this.tokens.findValid(token, 'verify_email');
    if (!row || !(await this.tokens.consume(row.id))) return false;
    await this.users.markEmailVerified(row.userId);
    this.logger.log(`E-mail verified for user ${row.userId}`);
    return true;
  }
}

/** A mail outage becomes a clear 503 message on the form, never a 500 page. */
export function mailError(err: unknown): unknown {
  return err instanceof MailUnavailableError ? FormError.form('errors.mailUnavailable', 'unavailable') : err;
}
