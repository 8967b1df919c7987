import type { TagRow } from '../../shared/contract/register.contract';
import { publicWarningNeeded } from '../../shared/domain/tag-privacy';
import { compareTags } from '../../shared/domain/tags';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/database';
import { TagEntity } from '../db/entities';
import type { AuditService } from './audit.service';
import type { Actor } from './structure.service';

/** The colour palette of household tags (设置 → 标签). Created with domain.md's defaults (migration 0007). */
export class TagsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly newId: () => string,
  ) {}

  /** The palette as kept: the defaults arrive with the archive (migration 0007), never on first listing. */
  async list(): Promise<TagRow[]> {
    const rows = await this.db.manager.find(TagEntity, { order: { order: 'ASC', name: 'ASC' } });
    return rows.sort(compareTags);
  }

  /** `mayPublish`: an administrator (tags.publish); imports create welfare tags discreet, never public. */
  async save(actor: Actor, input: Omit<TagRow, 'id'> & { id?: string; confirmPublic?: boolean }, opts: { mayPublish?: boolean } = {}): Promise<TagRow> {
    const { confirmPublic, ...t } = input;
    return this.db.write(async (m) => {
      const before = t.id ? await m.findOneBy(TagEntity, { id: t.id }) : null;
      if (t.id && !before) throw new AppError('NOT_FOUND', { zh: '未找到该标签。', en: 'Tag not found.' });
      const madePublic = publicWarningNeeded(before, t);
      if (madePublic && !opts.mayPublish) {
        throw new AppError('FORBIDDEN', {
          zh: `只有管理员可以公开“${t.name}”这类描述低保、残疾、健康等信息的标签。`,
          en: `Only an administrator can make a welfare or health tag such as "${t.name}" public.`,
          fields: [{ path: 'discreet', zh: '须由管理员公开', en: 'An administrator must make it public' }],
        });
      }
      if (madePublic && !confirmPublic) {
        const zh = `“${t.name}”描述低保、残疾、健康等敏感个人信息：公开后，封面、楼栋表和首页会印出或显示它的名称，查阅员也不再需要审批即可看到这些住户。请确认后再公开。`;
        const en = `"${t.name}" describes welfare or health (sensitive personal information): once public, covers, building sheets and the home page print or show its name, and clerks see these households without approval. Confirm to make it public.`;
        throw new AppError('CONFLICT', { zh, en, fields: [{ path: 'discreet', zh: '公开此标签须先确认', en: 'Confirm before making this tag public' }] });
      }
      const clash = await m.findOneBy(TagEntity, { name: t.name });
      if (clash && clash.id !== t.id) {
        throw new AppError('CONFLICT', {
          zh: `标签“${t.name}”已存在。`,
          en: `The tag "${t.name}" exists.`,
          fields: [{ path: 'name', zh: '名称已存在', en: 'Name exists' }],
        });
      }
      const rec: TagRow = { ...t, id: t.id ?? this.newId(), color: t.color.toLowerCase() };
      await m.save(TagEntity, rec);
      await this.audit.append(m, {
        actor: actor.username,
        action: before ? 'tag.update' : 'tag.create',
        subject: `tag:${rec.id}`,
        details: { before, after: rec, ...(madePublic ? { madePublic: true } : {}) },
      });
      return rec;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.write(async (m) => {
      const before = await m.findOneBy(TagEntity, { id });
      if (!before) throw new AppError('NOT_FOUND', { zh: '未找到该标签。', en: 'Tag not found.' });
      await m.delete(TagEntity, { id });
      await this.audit.append(m, { actor: actor.username, action: 'tag.delete', subject: `tag:${id}`, details: { before } });
    });
  }
}
