import type { EntityManager } from 'typeorm';
import { dialectOf } from '../db/engine';

/**
 * The year's next register number, "JD-2026-007": from a locked counter, not count + 1, so two
 * keepers at once get two numbers and a number written on paper is never given out again. The
 * first of a year continues after what the archive already holds (`existing`).
 */
export async function yearlyNumber(m: EntityManager, counter: string, prefix: string, year: string, existing: () => Promise<number>): Promise<string> {
  const n = await dialectOf(m).nextNumber(m, `${counter}:${year}`, async () => 1 + (await existing()));
  return `${prefix}-${year}-${String(n).padStart(3, '0')}`;
}
