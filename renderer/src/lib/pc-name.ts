/**
 * The name this browser gives its PC on the office server (e.g. 前台电脑), sent with every call so the
 * audit trail says which desk did what, beside the address (addresses change with DHCP; names are
 * what the office knows). Kept in this browser only; it is a label, not an identity.
 */
const KEY = 'archive-pc-name';
export const PC_NAME_MAX = 40;

export function pcName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function setPcName(name: string): void {
  const v = name.trim().slice(0, PC_NAME_MAX);
  if (v) localStorage.setItem(KEY, v);
  else localStorage.removeItem(KEY);
}
