import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';

/**
 * Keyset paging: a page cursor is the last row's sort key, opaque to the screen. The next page
 * starts after it, so page 5 000 reads as few rows as page 1 (no OFFSET scan).
 */
export function writeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key inside a cursor of `parts` strings; anything else is refused with the list's words. */
export function readCursor(c: string, parts: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts && key.every((x) => typeof x === 'string')) return key as string[];
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('VALIDATION', ERR.lists.badCursor);
}
