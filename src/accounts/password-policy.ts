import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { lazyModule } from '../common/lazy-module';

// Loaded with the estimator (below), not at start: the dictionaries alone are ~11 MB of heap.
const zxcvbnCore = lazyModule<typeof import('@zxcvbn-ts/core')>('@zxcvbn-ts/core');
const languageCommon = lazyModule<typeof import('@zxcvbn-ts/language-common')>('@zxcvbn-ts/language-common');
const languageEn = lazyModule<typeof import('@zxcvbn-ts/language-en')>('@zxcvbn-ts/language-en');

// Passwords common among our Chinese-speaking users that the English and common dictionaries miss.
const PINYIN_COMMON = ['woaini1314', '5201314520', 'qq123456', 'aa123456', 'a1234567'];

// zxcvbn's "safely unguessable" (≥ 10^8 guesses): strong enough against online attacks and slow offline ones.
const MIN_SCORE = 3;
// Parts of the address too short to be a meaningful "contains" rule ("a@example.com").
const MIN_NAME_PART = 3;

/*
 * Built once, on first use: loading the dictionaries and building the estimator take about half
 * a second and ~24 MB of heap, which a server that checks no new password never pays.
 * The estimate grows steeply with the length and the l33t substitutions it tries (seconds for
 * 256 random characters), so both are capped: a password whose first 64 characters are weak
 * is weak, and one with more than 10 substitutable characters is not a dictionary word in disguise.
 */
let estimator: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]): number {
  estimator ??= newEstimator();
  return estimator.check(password, userInputs).score;
}

function newEstimator(): ZxcvbnFactory {
  const common = languageCommon();
  const en = languageEn();
  return new (zxcvbnCore().ZxcvbnFactory)({
    maxLength: 64,
    l33tMaxSubstitutions: 10,
    dictionary: { ...common.dictionary, ...en.dictionary, pinyin: PINYIN_COMMON },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
}

/** Whose password it is: the password may not contain these names. */
export interface PasswordOwner {
  username?: string;
  email?: string;
}

/**
 * Checks a new password and its confirmation; returns field → translation key, empty when fine.
 * The length rule is in the DTOs.
 */
export function passwordProblems(
  password: string,
  confirmation: string,
  owner: PasswordOwner = {},
  field = 'password',
  confirmField = 'password2',
): Record<string, string> {
  if (password !== confirmation) return { [confirmField]: 'validation.passwordMismatch' };
  const problem = weakPasswordProblem(password, owner);
  return problem ? { [field]: problem } : {};
}

/** The translation key saying why the password is refused, or null when it is strong enough. */
export function weakPasswordProblem(password: string, owner: PasswordOwner): string | null {
  const names = ownerNames(owner);
  const lower = password.toLowerCase();
  if (names.some((n) => lower.includes(n))) return 'validation.passwordContainsName';
  return strength(password, names) < MIN_SCORE ? 'validation.passwordTooCommon' : null;
}

function ownerNames({ username, email }: PasswordOwner): string[] {
  const local = email?.trim().split('@')[0];
  return [username?.trim(), local].filter((n): n is string => !!n && n.length >= MIN_NAME_PART).map((n) => n.toLowerCase());
}
