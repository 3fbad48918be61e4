// A short list of the passwords attackers try first; longer lists belong in a breach check.
const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwertyuiop',
  'qwerty123',
  'iloveyou',
  'admin123',
  'welcome1',
  'letmein1',
  'abc12345',
  '11111111',
  '00000000',
  'passw0rd',
  '88888888',
  'a1234567',
  '1qaz2wsx',
  'woaini1314',
  'aa123456',
  'qq123456',
  '5201314520',
]);

/**
 * Checks a new password and its confirmation; returns field → translation key, empty when fine.
 * The length rule is in the DTOs.
 */
export function passwordProblems(
  password: string,
  confirmation: string,
  username?: string,
  field = 'password',
  confirmField = 'password2',
): Record<string, string> {
  if (password !== confirmation) return { [confirmField]: 'validation.passwordMismatch' };
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || (username && lower === username.toLowerCase())) return { [field]: 'validation.passwordTooCommon' };
  return {};
}
