/**
 * Citizen identity numbers (GB 11643-1999): 17 digits + a check character (0-9 or X).
 * Positions 7-14 are the birth date, position 17 is odd for men and even for women.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type CitizenIdProblem = 'format' | 'check-digit' | 'birth-date' | 'scientific-notation';

export interface CitizenIdInfo {
  id: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

const CLEAN = /^\d{17}[\dX]$/;

/**
 * Full-width digits and Ｘ become half-width (NFKC), spaces anywhere go, x is upper-cased, and the
 * apostrophe Excel users type to keep a number as text is dropped. Does not validate.
 */
export function normalizeCitizenId(raw: string): string {
  // Most IDs arrive clean: skip the Unicode work (an import checks each ID several times).
  if (CLEAN.test(raw)) return raw;
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200b\ufeff]+/g, '')
    .replace(/^['‘’`]/, '')
    .toUpperCase();
}

export function parseCitizenId(raw: string, today?: string): { ok: true; info: CitizenIdInfo } | { ok: false; problem: CitizenIdProblem } {
  const id = normalizeCitizenId(raw);
  // Excel turns 18-digit IDs into numbers like 1.10105E+17 and loses digits.
  if (/^\d(\.\d+)?E\+?\d+$/i.test(id)) return { ok: false, problem: 'scientific-notation' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1880;
  if (!valid || (today !== undefined && birthDate > today)) return { ok: false, problem: 'birth-date' };
  if (checkDigit(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check-digit' };
  return { ok: true, info: { id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}

export const CITIZEN_ID_MESSAGES: Record<CitizenIdProblem, { zh: string; en: string }> = {
  format: { zh: '身份证号应为 18 位，最后一位可为 X', en: 'A citizen ID has 18 characters; the last may be X' },
  'check-digit': { zh: '身份证号校验位不正确，请核对', en: 'The check digit of the citizen ID is wrong; check the number' },
  'birth-date': { zh: '身份证号中的出生日期不存在', en: 'The birth date inside the citizen ID is impossible' },
  'scientific-notation': {
    zh: '身份证号被 Excel 存成了数字（科学计数法，如 4.20602E+17），后几位已丢失。请把该列单元格格式设为“文本”，再重新录入或粘贴身份证号',
    en: 'Excel stored the citizen ID as a number in scientific notation (e.g. 4.20602E+17) and lost its last digits. Format the column as Text, then re-type or paste the IDs',
  },
};

/** An ID as lists and search hits show it: the region and the last four, the birth date hidden. */
export function maskCitizenId(id: string | null): string | null {
  return id ? `${id.slice(0, 6)}********${id.slice(14)}` : null;
}
