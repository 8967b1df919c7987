import { naturalCompare } from './natural-order';

/** Colour-coded household tags (domain.md): always colour + code, never colour alone. */
export interface TagDef {
  id: string;
  name: string;
  /** CSS hex colour, e.g. "#d4380d". */
  color: string;
  /** One letter or one character, printed inside the colour block. */
  code: string;
  /** Discreet tags print only colour + code; their names stay in the archives-room legend. */
  discreet: boolean;
  order: number;
}

/** Tags that describe welfare or health are discreet from the start (see tag-privacy.ts). */
export const DEFAULT_TAGS: Omit<TagDef, 'id'>[] = [
  { name: '楼长', color: '#c41d7f', code: '楼', discreet: false, order: 1 },
  { name: '单元长', color: '#722ed1', code: '单', discreet: false, order: 2 },
  { name: '党员户', color: '#cf1322', code: '党', discreet: false, order: 3 },
  { name: '流动户', color: '#d48806', code: '流', discreet: false, order: 4 },
  { name: '低保户', color: '#0958d9', code: '保', discreet: true, order: 5 },
  { name: '特困户', color: '#08979c', code: '困', discreet: true, order: 6 },
  { name: '残疾人家庭', color: '#389e0d', code: '残', discreet: true, order: 7 },
  { name: '独居老人', color: '#7c4a1e', code: '老', discreet: true, order: 8 },
  { name: '重点户', color: '#434343', code: '重', discreet: true, order: 9 },
];

/** Text colour that stays readable on the tag colour (WCAG relative luminance). */
export function readableTextColor(hex: string): '#000000' | '#ffffff' {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#000000';
  const n = parseInt(m[1], 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return L > 0.4 ? '#000000' : '#ffffff';
}

/** Palette order: the admin's order, then the name in natural order (ties after an import). */
export function compareTags(a: Pick<TagDef, 'order' | 'name'>, b: Pick<TagDef, 'order' | 'name'>): number {
  return a.order - b.order || naturalCompare(a.name, b.name);
}
