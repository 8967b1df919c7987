import { z } from 'zod';
import { BI_SEP } from '../../shared/contract/channel';
import type { FieldIssue } from '../../shared/errors';

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

type LocaleFn = (issue: never) => unknown;

function localeMessage(fn: LocaleFn, issue: z.core.$ZodIssue): string {
  const m = (fn as (i: unknown) => string | { message: string } | undefined)(issue);
  return typeof m === 'string' ? m : (m?.message ?? issue.message);
}

/** Zod issues → field messages in both languages (custom `bi()` messages, else zod's locales). */
export function toFieldIssues(err: z.ZodError): FieldIssue[] {
  return err.issues.map((issue) => {
    const path = issue.path.join('.');
    if (issue.message.includes(BI_SEP)) {
      const [zh, en] = issue.message.split(BI_SEP);
      return { path, zh, en };
    }
    return { path, zh: localeMessage(zhLocale, issue), en: localeMessage(enLocale, issue) };
  });
}
