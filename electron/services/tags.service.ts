import type { TagRow } from '../../shared/contract/register.contract';
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

  async save(actor: Actor, t: Omit<TagRow, 'id'> & { id?: string }): Promise<TagRow> {
    return this.db.write(async (m) => {
      const before = t.id ? await m.findOneBy(TagEntity, { id: t.id }) : null;
      if (t.id && !before) throw new AppError('NOT_FOUND', { zh: '未找到该标签。', en: 'Tag not found.' });
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
        details: { before, after: rec },
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
