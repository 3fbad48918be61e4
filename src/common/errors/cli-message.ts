import { translate } from '../i18n/i18n';
import { FormError } from './form.error';

/** An error as an operator command prints it: a form error's messages in English, else its message. */
export function cliMessage(e: unknown): string {
  if (!(e instanceof FormError)) return e instanceof Error ? e.message : String(e);
  const fields = Object.entries(e.fieldErrors).map(([field, key]) => `${field}: ${translate('en', key, e.params)}`);
  return [...e.formErrors.map((key) => translate('en', key, e.params)), ...fields].join(', ');
}
