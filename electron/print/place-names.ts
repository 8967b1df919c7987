/**
 * Register names usually carry their own suffix ("第一网格", "3号楼", "2单元"); bare codes do not
 * ("1", "A"). Print the name as kept, adding the customary suffix only when it is missing.
 */
export function withSuffix(name: string, suffix: string, alreadyEndsWith: string[] = [suffix]): string {
  const n = name.trim();
  if (!n) return '';
  return alreadyEndsWith.some((s) => n.endsWith(s)) ? n : `${n}${suffix}`;
}

export const gridName = (n: string) => withSuffix(n, '网格');
export const buildingName = (n: string) => withSuffix(n, '栋', ['栋', '楼', '幢', '座']);
export const unitName = (n: string) => withSuffix(n, '单元');
export const roomName = (n: string) => (/\d$/.test(n.trim()) ? `${n.trim()}室` : n.trim());
