/**
 * Natural Chinese ordering for everything a keeper reads in a list: 第一 < 第二 < 第十 < 第十一,
 * 2栋 < 10栋, 101 < 1001, 3-2-101 < 3-10-101; the rest by pinyin (the zh-Hans-CN collation).
 *
 * A name is cut into runs of text and runs of numbers. A number is a run of Arabic digits
 * (half- or full-width) or of Chinese numerals; numbers compare by value whichever way they are
 * written (第2网格 and 第二网格 sit together), text compares by the collator, and a number sorts
 * before text at the same place ("10栋" before "A栋"). Equal by all that, the plain strings decide,
 * so the order is total and the same on every machine.
 */

const collator = new Intl.Collator('zh-Hans-CN', { sensitivity: 'variant', numeric: false });

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 两: 2 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, true> = { 万: true, 亿: true };
const isCnDigit = (c: string) => c in DIGITS;
const isCnUnit = (c: string) => c in SMALL_UNITS || c in BIG_UNITS;
const isArabic = (c: string) => (c >= '0' && c <= '9') || (c >= '０' && c <= '９');

type Token = { num: true; value: bigint } | { num: false; text: string };

/**
 * The value of a run of Chinese numerals: 十一 = 11, 二十 = 20, 一百零一 = 101, 三万五千 = 35000;
 * a run without units reads digit by digit (二〇二四 = 2024, 一〇一 = 101).
 */
export function chineseNumeralValue(run: string): bigint | null {
  if (!run) return null;
  const chars = [...run];
  if (!chars.every((c) => isCnDigit(c) || isCnUnit(c))) return null;
  if (!chars.some(isCnUnit)) return BigInt(chars.map((c) => DIGITS[c]).join(''));
  let total = 0n;
  let section = 0n;
  let digit: bigint | null = null;
  for (const c of chars) {
    if (isCnDigit(c)) {
      digit = BigInt(DIGITS[c]);
    } else if (c in SMALL_UNITS) {
      // 十 without a digit before it means 一十 (十一 = 11).
      section += (digit ?? 1n) * BigInt(SMALL_UNITS[c]);
      digit = null;
    } else if (c === '万') {
      total += (section + (digit ?? 0n) || 1n) * 10_000n;
      section = 0n;
      digit = null;
    } else {
      // 亿 scales everything before it (一万亿 = 10^12).
      total = (total + section + (digit ?? 0n) || 1n) * 100_000_000n;
      section = 0n;
      digit = null;
    }
  }
  return total + section + (digit ?? 0n);
}

/**
 * The longest run of Chinese numerals starting at i that reads as a number, or 0. Unit characters
 * alone (百货, 千佛山, 万达) are words, not numbers: a run must hold a digit or start with 十.
 * 两 counts only before a unit (两百 is 200; 两委 stays a word).
 */
function chineseRunLength(chars: string[], i: number): number {
  let j = i;
  while (j < chars.length) {
    const c = chars[j];
    if (c === '两') {
      if (!(j + 1 < chars.length && isCnUnit(chars[j + 1]))) break;
    } else if (!isCnDigit(c) && !isCnUnit(c)) break;
    j++;
  }
  const run = chars.slice(i, j);
  if (!run.length) return 0;
  if (!run.some(isCnDigit) && run[0] !== '十') return 0;
  return j - i;
}

function tokenize(s: string): Token[] {
  const chars = [...s.normalize('NFC').trim().replace(/\s+/g, ' ')];
  const out: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ num: false, text });
    text = '';
  };
  for (let i = 0; i < chars.length;) {
    if (isArabic(chars[i])) {
      let j = i;
      let digits = '';
      while (j < chars.length && isArabic(chars[j])) {
        const c = chars[j];
        digits += c <= '9' ? c : String.fromCharCode(c.charCodeAt(0) - 0xfee0);
        j++;
      }
      flush();
      out.push({ num: true, value: BigInt(digits) });
      i = j;
      continue;
    }
    const n = chineseRunLength(chars, i);
    if (n) {
      flush();
      out.push({ num: true, value: chineseNumeralValue(chars.slice(i, i + n).join(''))! });
      i += n;
      continue;
    }
    text += chars[i];
    i++;
  }
  flush();
  return out;
}

// Lists re-sort the same names often (every render of a tree or a chart); keep their tokens.
const cache = new Map<string, Token[]>();
function tokensOf(s: string): Token[] {
  let t = cache.get(s);
  if (!t) {
    if (cache.size > 20_000) cache.clear();
    t = tokenize(s);
    cache.set(s, t);
  }
  return t;
}

/** Compares two names in natural Chinese order (a comparator for Array.prototype.sort). */
export function naturalCompare(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  if (x === y) return 0;
  const ta = tokensOf(x);
  const tb = tokensOf(y);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const p = ta[i];
    const q = tb[i];
    if (p.num && q.num) {
      if (p.value !== q.value) return p.value < q.value ? -1 : 1;
    } else if (p.num !== q.num) {
      return p.num ? -1 : 1;
    } else if (!p.num && !q.num) {
      const c = collator.compare(p.text, q.text);
      if (c !== 0) return c < 0 ? -1 : 1;
    }
  }
  if (ta.length !== tb.length) return ta.length < tb.length ? -1 : 1;
  // Same reading (二 and 2, full- and half-width digits): the plain code points keep the order total.
  return x < y ? -1 : 1;
}

/** A comparator on a key of each item, in natural order; further keys break ties. */
export function byNatural<T>(...keys: ((item: T) => string | null | undefined)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const k of keys) {
      const c = naturalCompare(k(a), k(b));
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** A sorted copy (the input is left as it was). */
export function naturalSort<T>(items: readonly T[], ...keys: ((item: T) => string | null | undefined)[]): T[] {
  return [...items].sort(byNatural(...keys));
}

type Named = { id: string; name: string; code: string };

/**
 * The community structure in reading order: grids by name (then code), each grid's buildings,
 * each building's units, so a flat walk over `units` is already in tree order (pickers rely on it).
 */
export function orderStructure<G extends Named, B extends Named & { gridId: string }, U extends Named & { buildingId: string }>(t: {
  grids: readonly G[];
  buildings: readonly B[];
  units: readonly U[];
}): { grids: G[]; buildings: B[]; units: U[] } {
  const byName = byNatural<Named>(
    (x) => x.name,
    (x) => x.code,
  );
  const grids = [...t.grids].sort(byName);
  const gridRank = new Map(grids.map((g, i) => [g.id, i]));
  const rank = (m: Map<string, number>, id: string) => m.get(id) ?? Number.MAX_SAFE_INTEGER;
  const buildings = [...t.buildings].sort((a, b) => rank(gridRank, a.gridId) - rank(gridRank, b.gridId) || byName(a, b));
  const buildingRank = new Map(buildings.map((b, i) => [b.id, i]));
  const units = [...t.units].sort((a, b) => rank(buildingRank, a.buildingId) - rank(buildingRank, b.buildingId) || byName(a, b));
  return { grids, buildings, units };
}
