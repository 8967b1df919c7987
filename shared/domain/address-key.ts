/**
 * Addresses as keepers type them: "4号楼1单元101", "4栋 1单元 101室", "4-1-101" all name the same
 * door as the stored "第一网格 4号楼 1单元 101". Both sides are reduced to one key: no spaces,
 * 栋/幢/座 read as 号楼, a trailing 室 dropped, and the "building-unit-room" shorthand spelled out.
 */
export function addressKey(text: string): string {
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  const short = /^(\d+)-(\d+)-(\d+)$/.exec(s);
  if (short) s = `${short[1]}号楼${short[2]}单元${short[3]}`;
  return s.replace(/(\d+)(?:号楼|栋|幢|座)/g, '$1号楼').replace(/(\d+)室/g, '$1');
}

/** The same key in SQL over a stored address column (the stored text is already NFKC). */
export function addressKeySql(column: string): string {
  const spaced = `replace(${column}, ' ', '')`;
  const built = ['栋', '幢', '座'].reduce((acc, w) => `replace(${acc}, '${w}', '号楼')`, spaced);
  return `replace(${built}, '室', '')`;
}

/** The parts of a typed address: building, unit, room and any other words, each matched on its own. */
function parts(key: string): RegExp[] {
  const m = /^(.*?)(?:(\d+)号楼)?(?:(\d+)单元)?(\d+)?$/.exec(key);
  if (!m || !(m[2] || m[3] || m[4])) return [new RegExp(escapeRe(key))];
  const out: RegExp[] = [];
  if (m[1]) out.push(new RegExp(escapeRe(m[1])));
  // "2号楼" is not 12号楼: each number stands alone (no digit right before it); a room ends the address.
  if (m[2]) out.push(new RegExp(`(^|\\D)${m[2]}号楼`));
  if (m[3]) out.push(new RegExp(`(^|\\D)${m[3]}单元`));
  if (m[4]) out.push(m[2] || m[3] ? new RegExp(`(^|\\D)${m[4]}$`) : new RegExp(escapeRe(m[4])));
  return out;
}

/** Does a stored address (its key) hold every part of the typed one, in any spacing? ("2栋301" finds 2栋 1单元 301.) */
export function addressMatches(queryKey: string, addrKey: string): boolean {
  return parts(queryKey).every((re) => re.test(addrKey));
}

/** The text the database narrows by before addressMatches: the building if one was typed, else the whole key. */
export function addressNeedle(queryKey: string): string {
  return /\d+号楼/.exec(queryKey)?.[0] ?? /^(.*?)\d/.exec(queryKey)?.[1] ?? queryKey;
}

/**
 * Texts a stored address key must contain for addressMatches to hold, for an index to narrow by:
 * the needle, and the unit and room when typed ("1单元101" has no building, yet its unit and room
 * narrow it). Each is looser than the part it stands for ("2单元" is also in 12单元); the caller
 * still filters with addressMatches.
 */
export function addressFragments(queryKey: string): string[] {
  const m = /^(.*?)(?:(\d+)号楼)?(?:(\d+)单元)?(\d+)?$/.exec(queryKey);
  const out = [addressNeedle(queryKey)];
  if (m?.[3]) out.push(`${m[3]}单元`);
  if (m?.[4] && (m[2] || m[3])) out.push(m[4]);
  const kept = out.filter(Boolean);
  return kept.length ? kept : [queryKey];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
