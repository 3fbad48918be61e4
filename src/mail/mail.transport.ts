import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { randomToken } from '../common/crypto/tokens';
import { lazyModule } from '../common/lazy-module';
import { mailConfig, MailConfig } from '../config/configuration';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The mail server refused or could not be reached. */
export class MailUnavailableError extends Error {}

// Loaded with the first mail, not at start (about 1 MB of heap most processes never use).
const nodemailer = lazyModule<typeof import('nodemailer')>('nodemailer');

/**
 * How mail leaves: over SMTP when SMTP_URL is set, otherwise as .eml files in an outbox
 * folder (the log says where), so a fresh install can still reset a password.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  // Made when first needed.
  private smtpTransport?: Transporter;
  private outboxTransport?: Transporter;

  constructor(@Inject(mailConfig.KEY) private readonly config: MailConfig) {}

  private get smtp(): Transporter | undefined {
    if (!this.config.smtpUrl) return undefined;
    return (this.smtpTransport ??= nodemailer().createTransport(this.config.smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never));
  }

  private get outbox(): Transporter {
    return (this.outboxTransport ??= nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = { from: this.config.from, ...mail };
    if (this.smtp) {
      try {
        await this.smtp.sendMail(message);
      } catch (err) {
        this.logger.warn(`SMTP delivery failed: ${(err as Error).message}`);
        throw new MailUnavailableError('mail server unavailable');
      }
      return;
    }
    const info = (await this.outbox.sendMail(message)) as { message: Buffer };
    mkdirSync(this.config.outboxDir, { recursive: true });
    const file = join(this.config.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomToken(6)}.eml`);
    writeFileSync(file, info.message, { mode: 0o600 });
    this.logger.log(`Mail "${mail.subject}" written to ${file}`);
  }

  /**
   * Whether mail can be sent now. Used when there is nothing to send (an unknown address on
   * password reset), so a mail outage answers the same way whether the address exists or not.
   */
  async assertAvailable(): Promise<void> {
    const smtp = this.smtp;
    if (!smtp) return;
    try {
      await smtp.verify();
    } catch (err) {
      this.logger.warn(`SMTP check failed: ${(err as Error).message}`);
      throw new MailUnavailableError('mail server unavailable');
    }
  }

  // After the server has finished its requests (a reset in progress still sends its mail).
  onApplicationShutdown(): void {
    this.smtpTransport?.close();
  }
}
