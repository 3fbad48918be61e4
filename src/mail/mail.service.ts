import { Injectable } from '@nestjs/common';
import { Language, translate } from '../common/i18n/i18n';
import { MailTransport } from './mail.transport';
import { mailTemplate, MailTemplate } from './mail.templates';

export interface MailRecipient {
  username: string;
  email: string;
}

/** What we send: each mail in the reader's language, HTML and plain text from one template pair. */
@Injectable()
export class MailService {
  constructor(private readonly transport: MailTransport) {}

  sendEmailVerification(to: MailRecipient, link: string, lang: Language, ttlSeconds: number): Promise<void> {
    return this.send('verify-email', to, lang, { link, hours: Math.round(ttlSeconds / 3600) });
  }

  sendPasswordReset(to: MailRecipient, link: string, lang: Language, ttlSeconds: number): Promise<void> {
    return this.send('password-reset', to, lang, { link, minutes: Math.round(ttlSeconds / 60) });
  }

  /** The link that creates a registered account (no account exists before it is followed). */
  sendRegistrationLink(to: MailRecipient, link: string, lang: Language, ttlSeconds: number): Promise<void> {
    return this.send('register-confirm', to, lang, { link, hours: Math.round(ttlSeconds / 3600) });
  }

  /** Sent instead of a registration link when the address already has an account. */
  sendRegistrationAttempt(to: MailRecipient, links: { login: string; reset: string }, lang: Language): Promise<void> {
    return this.send('register-existing', to, lang, links);
  }

  /** Throws MailUnavailableError when mail could not be sent right now. */
  assertAvailable(): Promise<void> {
    return this.transport.assertAvailable();
  }

  private async send(name: MailTemplate, to: MailRecipient, lang: Language, params: Record<string, unknown>): Promise<void> {
    const template = mailTemplate(name);
    const model = { lang, username: to.username, ...params };
    await this.transport.send({
      to: to.email,
      subject: translate(lang, template.subjectKey),
      html: template.html(model),
      text: template.text(model),
    });
  }
}
