import { z } from 'zod';
import { bi, channel } from './channel';
import { Empty } from './common';
import { checkPattern } from '../domain/archive-number';
import { canonicalTimeZone, isTimeZone } from '../domain/archive-time';

/** A 档号 pattern (archive-wide here, per category in 设置 → 档案分类), checked by checkPattern. */
export const ArchiveNoPattern = z
  .string()
  .trim()
  .min(3, bi('档号规则至少 3 个字符', 'A pattern has at least 3 characters'))
  .max(80, bi('档号规则最多 80 个字符', 'A pattern has at most 80 characters'))
  .superRefine((p, ctx) => {
    const problem = checkPattern(p);
    if (problem) ctx.addIssue({ code: 'custom', message: bi(problem.zh, problem.en) });
  });

export const Settings = z.object({
  communityName: z.string().trim().min(1, bi('请输入社区名称', 'Enter the community name')).max(60),
  idleMinutes: z
    .number()
    .int(bi('请输入整数', 'Use a whole number'))
    .min(1, bi('至少 1 分钟', 'At least 1 minute'))
    .max(240, bi('最多 240 分钟', 'At most 240 minutes')),
  /** 档号 pattern, e.g. {全宗号}-{年度}-{保管期限}-{件号:4}. */
  archiveNoPattern: ArchiveNoPattern,
  fondsCode: z.string().trim().min(1).max(16),
  attachmentMaxMB: z.number().int().min(1).max(2048),
  /** Lending policy (借阅): loan days, renewal days and limit, reminder offsets from the due date. */
  loanDays: z.number().int().min(1, bi('至少 1 天', 'At least 1 day')).max(365),
  renewalDays: z.number().int().min(1).max(365),
  maxRenewals: z.number().int().min(0).max(20),
  reminderOffsets: z.array(z.number().int().min(-365).max(365)).min(1).max(8),
  /** Remind the administrator when the last verified backup is older than this many days. */
  backupReminderDays: z.number().int().min(1, bi('至少 1 天', 'At least 1 day')).max(365),
  /**
   * The archive's time zone (IANA name): "today" for due dates and holds, and every time printed
   * or shown, whatever zone the computer, the web host or the CLI runs in.
   */
  timeZone: z
    .string()
    .trim()
    .refine(isTimeZone, bi('不是有效的时区名称（例如 Asia/Shanghai）', 'Not a known time zone name (e.g. Asia/Shanghai)'))
    .transform(canonicalTimeZone),
});
export type Settings = z.infer<typeof Settings>;

export const settingsContract = {
  get: channel({ req: Empty, res: Settings, access: 'settings.read' }),
  update: channel({ req: Settings.partial(), res: Settings, access: 'settings.manage' }),
};
