/**
 * The text in the QR code of the office server's connection sheet: the address a client connects to
 * and the certificate fingerprint it pins. Scanned or typed, it is read back by `parseOfficeLink`, so
 * a client never has to copy 64 hex digits by hand (one wrong digit and it would refuse the server).
 */
export const OFFICE_LINK_PREFIX = 'archive-room://connect';

export interface OfficeLink {
  url: string;
  /** "AB:CD:…", 32 pairs, as the server prints it. */
  fingerprint: string;
}

export type OfficeLinkProblem = { zh: string; en: string };

/** Upper-case hex pairs joined by colons; '' when the text does not hold exactly 32 bytes. */
export function canonicalFingerprint(fp: string): string {
  const hex = fp.replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return '';
  return hex.toUpperCase().match(/../g)!.join(':');
}

export function officeLink(url: string, fingerprint: string): string {
  const fp = canonicalFingerprint(fingerprint);
  if (!fp) throw new Error('fingerprint must be 32 bytes of hex');
  return `${OFFICE_LINK_PREFIX}?url=${encodeURIComponent(url)}&fp=${fp.replace(/:/g, '')}`;
}

export function parseOfficeLink(text: string): OfficeLink | OfficeLinkProblem {
  const t = text.trim();
  if (!t.startsWith(`${OFFICE_LINK_PREFIX}?`)) {
    return { zh: '这不是档案室服务器连接单上的二维码内容。', en: 'This is not the code from an Archive Room server connection sheet.' };
  }
  const q = new URLSearchParams(t.slice(OFFICE_LINK_PREFIX.length + 1));
  const fingerprint = canonicalFingerprint(q.get('fp') ?? '');
  if (!fingerprint)
    return { zh: '连接码中的证书指纹不完整（须为 64 位十六进制）。', en: 'The certificate fingerprint in the code is incomplete (64 hex digits needed).' };
  const url = q.get('url') ?? '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { zh: '连接码中的服务器地址无效。', en: 'The server address in the code is not valid.' };
  }
  if (parsed.protocol !== 'https:') return { zh: '服务器地址须以 https:// 开头。', en: 'The server address must start with https://.' };
  return { url: parsed.origin, fingerprint };
}

export function isOfficeLinkProblem(x: OfficeLink | OfficeLinkProblem): x is OfficeLinkProblem {
  return 'zh' in x;
}

/** What the "connect to the office archive" screen sends: the sheet's code, or address and fingerprint typed. */
export interface OfficeTargetInput {
  code?: string;
  url?: string;
  fingerprint?: string;
}

/**
 * The typed form of the link: an address as the server sheet prints it (https://192.168.1.10:8443;
 * "192.168.1.10:8443" alone is read as https) and the fingerprint in any spelling. A code, when
 * given, wins. The same check runs in the renderer (at once, under the field) and in main (before
 * anything is stored or any connection is made).
 */
export function officeTarget(input: OfficeTargetInput): OfficeLink | OfficeLinkProblem {
  if (input.code?.trim()) return parseOfficeLink(input.code);
  const typed = (input.url ?? '').trim();
  if (!typed) return { zh: '请输入服务器地址（如 https://192.168.1.10:8443）。', en: 'Enter the server address (e.g. https://192.168.1.10:8443).' };
  if (/^http:\/\//i.test(typed)) return { zh: '服务器地址须以 https:// 开头。', en: 'The server address must start with https://.' };
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`);
  } catch {
    return { zh: '服务器地址无效。', en: 'The server address is not valid.' };
  }
  if (parsed.protocol !== 'https:') return { zh: '服务器地址须以 https:// 开头。', en: 'The server address must start with https://.' };
  if (!parsed.hostname || parsed.username || parsed.password) return { zh: '服务器地址无效。', en: 'The server address is not valid.' };
  const fingerprint = canonicalFingerprint(input.fingerprint ?? '');
  if (!fingerprint)
    return {
      zh: '证书指纹不完整：须为连接单上的 64 位十六进制（可带冒号）。',
      en: 'The certificate fingerprint is incomplete: the 64 hex digits from the connection sheet (colons allowed).',
    };
  return { url: parsed.origin, fingerprint };
}
