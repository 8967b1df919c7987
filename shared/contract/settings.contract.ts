import { z } from 'zod';
import { bi, channel } from './channel';
import { Empty } from './common';

export const Settings = z.object({
  communityName: z.string().trim().min(1, bi('请输入社区名称', 'Enter the community name')).max(60),
  idleMinutes: z
    .number()
    .int(bi('请输入整数', 'Use a whole number'))
    .min(1, bi('至少 1 分钟', 'At least 1 minute'))
    .max(240, bi('最多 240 分钟', 'At most 240 minutes')),
});
export type Settings = z.infer<typeof Settings>;

export const settingsContract = {
  get: channel({ req: Empty, res: Settings, access: 'settings.read' }),
  update: channel({ req: Settings.partial(), res: Settings, access: 'settings.manage' }),
};
