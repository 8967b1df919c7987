import type { TagRow } from '../../shared/contract/register.contract';
import { publicWarningNeeded } from '../../shared/domain/tag-privacy';
import { compareTags } from '../../shared/domain/tags';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { TagEntity } from '../db/entities';
import type { AuditService } from './audit.service';
import type { Actor } from './actor';

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
      if (t.id && !before) throw new AppError('NOT_FOUND', ERR.tags.notFound);
      const madePublic = publicWarningNeeded(before, t);
      if (madePublic && !opts.mayPublish) {
        throw new AppError('FORBIDDEN', ERR.tags.publishAdminOnly(t.name));
      }
      if (madePublic && !confirmPublic) {
        throw new AppError('CONFLICT', ERR.tags.confirmPublic(t.name));
      }
      const clash = await m.findOneBy(TagEntity, { name: t.name });
      if (clash && clash.id !== t.id) {
        throw new AppError('CONFLICT', ERR.tags.nameTaken(t.name));
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
      if (!before) throw new AppError('NOT_FOUND', ERR.tags.notFound);
      await m.delete(TagEntity, { id });
      await this.audit.append(m, { actor: actor.username, action: 'tag.delete', subject: `tag:${id}`, details: { before } });
    });
  }
}
