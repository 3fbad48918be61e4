import { lazyModule } from '../lazy-module';

// The confusables table (~0.7 MB of heap), loaded when a new name is first checked, not at
// start. The package's module.exports is the function itself.
const unhomoglyph = lazyModule<(typeof import('unhomoglyph'))['default']>('unhomoglyph');

/*
 * Unicode rules for names people choose (Unicode TR 39, "Unicode Security Mechanisms"):
 * one folded form for uniqueness and look-up, a confusable skeleton, and a script restriction.
 */

/**
 * The form two names are equal in: NFKC (fullwidth and small-capital letters become plain
 * ones), then case folding. Folding is done as upper- then lower-casing, which also folds
 * ß → ss, ς → σ, ſ → s and dotless ı → i; lower-casing İ leaves i + U+0307 (combining dot
 * above), and that dot on an i or j, which already has one, is dropped.
 */
export function identifierKey(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .replace(/([ij])\u0307/g, '$1')
    .normalize('NFKC');
}

/**
 * TR 39 §4 skeleton of the folded name: each character replaced by its prototype from the
 * confusables data (Cyrillic а → a, rn and m alike, 1 and l alike), so two names that look
 * the same have the same skeleton. Not meant to be shown: "admin" becomes "adrnin".
 */
export function identifierSkeleton(name: string): string {
  return unhomoglyph()(identifierKey(name).normalize('NFD')).normalize('NFD').toLowerCase();
}

// UAX 31 Table 4, the scripts recommended for identifiers; any other script (Cherokee, Lisu,
// Canadian syllabics…) is refused, and with it most letters that exist to look like Latin ones.
const RECOMMENDED =
  'Arab Armn Beng Bopo Cyrl Deva Ethi Geor Grek Gujr Guru Hang Hani Hebr Hira Kana Khmr Knda Laoo Latn Mlym Mymr Orya Sinh Taml Telu Thaa Thai Tibt'
    .split(' ')
    .map((script) => ({ script, re: new RegExp(`\\p{scx=${script}}`, 'u') }));
const COMMON_OR_INHERITED = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;

// TR 39 §5.2 "highly restrictive": one script, or Latin with the scripts written beside Han.
const ALLOWED_MIXES = [
  ['Latn', 'Hani', 'Hira', 'Kana'],
  ['Latn', 'Hani', 'Bopo'],
  ['Latn', 'Hani', 'Hang'],
];

/**
 * Whether the name is "highly restrictive" (TR 39 §5.2) in recommended scripts: every letter
 * from one script, or Latin mixed only with Han + Kana (Japanese), Han + Bopomofo or Han +
 * Hangul. Characters shared by all scripts (digits, . _ -) and combining marks do not count;
 * a character used by several scripts (Script_Extensions) fits any of them.
 */
export function isHighlyRestrictive(name: string): boolean {
  const letters: string[][] = [];
  for (const ch of name.normalize('NFKC')) {
    if (COMMON_OR_INHERITED.test(ch)) continue;
    const scripts = RECOMMENDED.filter(({ re }) => re.test(ch)).map(({ script }) => script);
    if (scripts.length === 0) return false;
    letters.push(scripts);
  }
  const covers = (set: string[]) => letters.every((scripts) => scripts.some((s) => set.includes(s)));
  return letters.length === 0 || letters[0].some((s) => covers([s])) || ALLOWED_MIXES.some(covers);
}
