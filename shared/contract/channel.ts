import type { z } from 'zod';
import type { Access } from '../permissions';

/** One IPC channel: request and response schemas plus the permission it needs. */
export interface Channel<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  req: Req;
  res: Res;
  access: Access;
  /** Does a successful call count as user activity for the idle lock? Polls say no. */
  passive?: boolean;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(c: Channel<Req, Res>): Channel<Req, Res> {
  return c;
}

/** Bilingual custom message for a schema refinement: "中文␟English". */
export const BI_SEP = '\u241f';
export function bi(zh: string, en: string): string {
  return `${zh}${BI_SEP}${en}`;
}
