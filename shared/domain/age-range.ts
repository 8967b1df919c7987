import type { IsoDate } from './lending';

/**
 * Ages are counted on the archive's date (archive-time.ts archiveToday), never the computer's:
 * a resident is N on their birthday in the archive's calendar. Someone born on 29 February turns a
 * year older on 1 March in a common year (their "02-29" is still ahead on 02-28).
 */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * An age range as bounds on the birth date, so the database filters on the stored column (and its
 * index) instead of computing every resident's age:
 *   age ≥ min  ⇔  birthDate ≤ (today's year − min) + today's month-day
 *   age ≤ max  ⇔  not (age ≥ max + 1)  ⇔  birthDate > (today's year − max − 1) + today's month-day
 * The bounds are compared as text ('YYYY-MM-DD'), so "1946-02-29" works as a bound in a common year.
 */
export function birthBounds(today: IsoDate, min?: number | null, max?: number | null): { bornOnOrBefore: string | null; bornAfter: string | null } {
  const year = Number(today.slice(0, 4));
  const md = today.slice(5);
  const at = (y: number) => `${String(y).padStart(4, '0')}-${md}`;
  return {
    bornOnOrBefore: min != null ? at(year - min) : null,
    bornAfter: max != null ? at(year - max - 1) : null,
  };
}
