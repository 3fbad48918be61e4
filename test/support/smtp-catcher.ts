import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server inside the test: the app sends to it over TCP, the test reads the mail. */
export class SmtpCatcher {
  readonly mails: ParsedMail[] = [];
  private waiters: Array<{ to: string; resolve: (m: ParsedMail) => void }> = [];
  private server?: SMTPServer;
  port = 0;
  /** When true, the server refuses every connection (a mail server that is down). */
  refuse = false;
  /** Milliseconds the server waits before accepting a message (a slow mail server). */
  delayMs = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Refusing at connection time is what a mail server that is down looks like to a client.
      onConnect: (_session, callback) => callback(this.refuse ? Object.assign(new Error('Service not available'), { responseCode: 421 }) : undefined),
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.mails.push(mail);
            const to = addressesOf(mail);
            this.waiters = this.waiters.filter((w) => {
              if (!to.includes(w.to.toLowerCase())) return true;
              w.resolve(mail);
              return false;
            });
            setTimeout(callback, this.delayMs);
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next mail to this address (or one already received and not yet taken). */
  waitFor(to: string, timeoutMs = 10_000): Promise<ParsedMail> {
    const idx = this.mails.findIndex((m) => addressesOf(m).includes(to.toLowerCase()));
    if (idx >= 0) return Promise.resolve(this.mails.splice(idx, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        to,
        resolve: (m) => {
          clearTimeout(timer);
          this.mails.splice(this.mails.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

function addressesOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** The first link in a mail's plain text that starts with the given prefix. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`).exec(mail.text ?? '');
  if (!m) throw new Error(`no link starting with ${prefix} in: ${mail.text}`);
  return m[0];
}
