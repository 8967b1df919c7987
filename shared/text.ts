/** A text the user reads, in both languages the app speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** A calendar date as YYYY-MM-DD (no time, no zone). */
export type IsoDate = string;
