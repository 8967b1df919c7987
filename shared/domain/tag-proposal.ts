import { DEFAULT_TAGS } from './tags';

/**
 * Colours offered to a tag created from an import: distinct from one another and from the default
 * palette's, dark enough that readableTextColor() puts white text on most of them.
 */
export const NEW_TAG_PALETTE = [
  '#1677ff',
  '#eb2f96',
  '#fa541c',
  '#13a8a8',
  '#7cb305',
  '#2f54eb',
  '#ad4e00',
  '#9254de',
  '#f5222d',
  '#006d75',
  '#5b8c00',
  '#874d00',
  '#1d39c4',
  '#531dab',
  '#d4b106',
  '#595959',
] as const;

/** Letters offered when no character of the name is free as a code (no I/O: they read as 1/0). */
const FALLBACK_CODES = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface TagLook {
  color: string;
  code: string;
}

/**
 * Colour and one-character code for a new tag named `name`, given the tags that exist: the first
 * palette colour no tag uses (cycling once all are taken), and the first character of the name that
 * is no tag's code yet — so "楼组长" becomes 组 when 楼 is taken — else a free letter or digit.
 */
export function proposeTagLook(name: string, existing: readonly TagLook[]): TagLook {
  const usedColors = new Set(existing.map((t) => t.color.toLowerCase()));
  const free = NEW_TAG_PALETTE.find((c) => !usedColors.has(c) && !DEFAULT_TAGS.some((d) => d.color === c));
  const color = free ?? NEW_TAG_PALETTE[existing.length % NEW_TAG_PALETTE.length];
  const usedCodes = new Set(existing.map((t) => t.code.toUpperCase()));
  const chars = [...name.trim()].filter((ch) => /[\p{L}\p{N}]/u.test(ch)).map((ch) => ch.toUpperCase());
  const code = chars.find((ch) => !usedCodes.has(ch)) ?? [...FALLBACK_CODES].find((ch) => !usedCodes.has(ch)) ?? chars[0] ?? 'X';
  return { color, code };
}
