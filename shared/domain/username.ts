import type { Bilingual } from '../text';
export type { Bilingual };
/**
 * User names as people type them and as the archive compares them. Pure rules, shared by the
 * setup wizard, the users screen, the CLI and the Node side.
 *
 * Two names are the same user when their folded forms are equal: NFKC (full-width ａｄｍｉｎ is
 * admin) then a full case fold (upper then lower, so "Admin", "ADMIN" and "ß"/"ss" meet). A new
 * name must be written in one script only, so "аdmin" with a Cyrillic а cannot sit next to
 * "admin"; and a name whose look-alike skeleton equals an existing one ("асе" in Cyrillic next to
 * "ace") is refused as taken.
 */

export const USERNAME_MIN = 2;
export const USERNAME_MAX = 32;

/** The form stored for new users and used for every comparison. */
export function foldUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase().toLowerCase().normalize('NFKC');
}

/** Scripts a name may be written in (one of them per name). Anything else counts as 'Other'. */
const SCRIPTS = [
  'Latin',
  'Han',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Thai',
  'Devanagari',
  'Tibetan',
  'Mongolian',
  'Yi',
  'Armenian',
  'Georgian',
] as const;
const SCRIPT_RES = SCRIPTS.map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')] as const);

/** Script of one letter; digits and _ . - belong to none. */
export function scriptOf(ch: string): string | null {
  if (/^[0-9_.-]$/.test(ch)) return null;
  for (const [name, re] of SCRIPT_RES) if (re.test(ch)) return name;
  return 'Other';
}

/** The scripts a (folded) name uses, in order of first appearance. */
export function scriptsOf(name: string): string[] {
  const seen: string[] = [];
  for (const ch of name) {
    const s = scriptOf(ch);
    if (s && !seen.includes(s)) seen.push(s);
  }
  return seen;
}

/** Why a new user name is refused, or null when it may be used (checked on the folded form). */
export function usernameProblem(raw: string): Bilingual | null {
  const name = foldUsername(raw);
  const n = [...name].length;
  if (n < USERNAME_MIN) return { zh: `用户名至少 ${USERNAME_MIN} 个字符`, en: `User names have at least ${USERNAME_MIN} characters` };
  if (n > USERNAME_MAX) return { zh: `用户名最多 ${USERNAME_MAX} 个字符`, en: `User names have at most ${USERNAME_MAX} characters` };
  // Letters of any script, ASCII digits and _ . - only: no marks, spaces, invisible characters.
  if (!/^[\p{L}0-9_.-]+$/u.test(name)) return { zh: '用户名只能包含文字、数字 0-9、_ . -', en: 'Use letters, digits 0-9, _ . - only' };
  const scripts = scriptsOf(name);
  if (scripts.length === 0) return { zh: '用户名须包含文字', en: 'A user name needs letters' };
  if (scripts.length > 1) {
    return {
      zh: '用户名只能使用一种文字（不能混用如拉丁字母和西里尔字母等外形相近的文字）',
      en: `Use one script only (this name mixes ${scripts.join(' and ')})`,
    };
  }
  if (scripts[0] === 'Other') return { zh: '用户名含不支持的文字', en: 'The user name uses an unsupported script' };
  return null;
}

/**
 * Letters of other scripts that look like Latin ones, folded to the Latin letter; digits that look
 * like letters too. Two names with the same skeleton would be told apart only by a careful reader.
 */
const LOOKALIKE: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  ү: 'y',
  г: 'r',
  п: 'n',
  ш: 'w',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
  '0': 'o',
  '1': 'l',
  '5': 's',
  '8': 'b',
};

export function usernameSkeleton(raw: string): string {
  let out = '';
  for (const ch of foldUsername(raw)) out += LOOKALIKE[ch] ?? ch;
  // i and l are the same stroke in many fonts.
  return out.replace(/[il|]/g, 'l');
}

/** Finds an existing name that a new one would be confused with (same fold or same skeleton). */
export function confusableWith(raw: string, existing: readonly string[]): string | null {
  const f = foldUsername(raw);
  const s = usernameSkeleton(raw);
  return existing.find((e) => foldUsername(e) === f || usernameSkeleton(e) === s) ?? null;
}

/**
 * Looks a typed name up among stored ones: the exact stored spelling first (names stored before
 * folding existed keep working as typed), else the single name with the same fold.
 */
export function findUsername<T>(typed: string, items: readonly T[], nameOf: (t: T) => string): T | undefined {
  const exact = items.find((i) => nameOf(i) === typed);
  if (exact) return exact;
  const f = foldUsername(typed);
  const folded = items.filter((i) => foldUsername(nameOf(i)) === f);
  return folded.length === 1 ? folded[0] : undefined;
}
