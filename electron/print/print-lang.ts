import type { PrintOptions } from '../../shared/domain/print-types';

/**
 * Covers, building covers and box sheets are Chinese documents: English is added to their
 * captions only when the keeper chooses it (PrintOptions.english), never mixed in by default.
 */
export const withEnglish = (opts: Pick<PrintOptions, 'english'>, zh: string, en: string, sep = ' '): string => (opts.english ? `${zh}${sep}${en}` : zh);
