import { pinyin } from 'pinyin-pro';

/**
 * Search keys for a Chinese name: full pinyin without tones and the initials, with surname
 * readings (单 → shan, 曾 → zeng), so "zs" finds 张三 and "zhangs" finds it too.
 */
export function nameKeys(name: string): { full: string; initials: string } {
  const clean = name.replace(/\s+/g, '');
  if (!clean) return { full: '', initials: '' };
  const full = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  return {
    full: full.join('').toLowerCase(),
    initials: full
      .map((s) => s[0] ?? '')
      .join('')
      .toLowerCase(),
  };
}

/** What kind of query the one search box got. */
/** A whole mainland mobile number (11 digits, 13x–19x): typed or scanned, it names one person's phone. */
export const WHOLE_MOBILE = /^1[3-9]\d{9}$/;

export function classifyQuery(q: string): 'citizen-id' | 'phone' | 'latin' | 'text' {
  const s = q.trim();
  if (/^\d{17}[\dXx]$/.test(s) || /^\d{15}$/.test(s)) return 'citizen-id';
  // Digits alone (4–14 of them) are part of a phone number or an ID: their start or their end.
  if (/^\d{4,14}$/.test(s) || /^\d{3,4}-\d{7,8}$/.test(s)) return 'phone';
  if (/^[a-z]+$/i.test(s)) return 'latin';
  return 'text';
}
