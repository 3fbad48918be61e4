import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { VIEWS_DIR } from '../config/paths';
import { registerHelpers } from '../common/web/views';

export type MailTemplate = 'verify-email' | 'password-reset' | 'register-confirm' | 'register-existing';
type Compiled = { subjectKey: string; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate };

const SUBJECTS: Record<MailTemplate, string> = {
  'verify-email': 'accounts.mail.verifySubject',
  'password-reset': 'accounts.mail.resetSubject',
  'register-confirm': 'accounts.mail.registerSubject',
  'register-existing': 'accounts.mail.existingSubject',
};

// A separate, strict Handlebars instance: a missing variable in a mail is an error, not a blank.
const mailHandlebars = Handlebars.create();
registerHelpers(mailHandlebars);

const compile = (file: string, noEscape: boolean) => mailHandlebars.compile(readFileSync(join(VIEWS_DIR, 'mail', file), 'utf8'), { strict: true, noEscape });

const cache = new Map<MailTemplate, Compiled>();

/** views/mail/<name>.html.hbs and <name>.txt.hbs, compiled once. */
export function mailTemplate(name: MailTemplate): Compiled {
  let compiled = cache.get(name);
  if (!compiled) {
    compiled = { subjectKey: SUBJECTS[name], html: compile(`${name}.html.hbs`, false), text: compile(`${name}.txt.hbs`, true) };
    cache.set(name, compiled);
  }
  return compiled;
}
