/**
 * The key of the account a sign-in or reset request names, for its throttles: the account's id
 * once it is found, so that every name the database matches to it (username, e-mail, any letter
 * case, and on MariaDB's accent-insensitive `utf8mb4_unicode_ci` any accents) spends one budget.
 */
export const accountKey = (userId: number) => `user:${userId}`;

/** The key of a name no account answers to: its folded form, so its spellings share one budget too. */
export const unknownLoginKey = (login: string) => `login:${foldLogin(login)}`;

/**
 * Folds the differences `utf8mb4_unicode_ci` ignores, or more: letter case (full folding: ß and
 * SS alike), compatibility forms (fullwidth letters, ligatures), accents and other combining
 * marks, invisible characters, surrounding spaces. An unknown name then answers as a known one
 * would: its variants are throttled together.
 */
export function foldLogin(login: string): string {
  return login
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Default_Ignorable_Code_Point}]/gu, '')
    .normalize('NFC')
    .trim();
}
