import type { EntityManager } from 'typeorm';
import type { CategoryInput, CategoryRow } from '../../shared/contract/categories.contract';
import { checkPlacement, choiceProblem, descendants, inTreeOrder, patternFor, type CategoryNode } from '../../shared/domain/record-categories';
import { AppError } from '../../shared/errors';
import { ERR, onField } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { ArchiveRecordEntity, RecordCategoryEntity } from '../db/entities';
import type { AuditService } from './audit.service';
import type { Actor } from './actor';

/**
 * The category register (设置 → 档案分类): a tree of up to three levels whose codes records carry,
 * with 档号 patterns per category (shared/domain/record-categories.ts has the rules). Defaults arrive
 * with the archive (migration 0020 / PostgreSQL 0006). TypeORM only: the same code on both engines.
 */
export class CategoriesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  /** The register as stored (a few dozen rows): forms, filters and reports read it whole. */
  async all(m: EntityManager = this.db.manager): Promise<CategoryNode[]> {
    const rows = await m.find(RecordCategoryEntity);
    return rows.map((r) => ({ ...r, active: !!r.active, order: Number(r.order), pattern: r.pattern ?? null, parentCode: r.parentCode ?? null }));
  }

  /** In tree order; `withCounts` adds the records filed directly under each (for the settings screen). */
  async list(opts: { withCounts?: boolean } = {}): Promise<CategoryRow[]> {
    const m = this.db.manager;
    const rows = inTreeOrder(await this.all(m)).map(({ children: _c, depth: _d, ...r }) => r);
    if (!opts.withCounts) return rows;
    const counts = await this.recordCounts(m);
    return rows.map((r) => ({ ...r, records: counts.get(r.code) ?? 0 }));
  }

  /** Codes for a records filter: the node and all below it; an unknown code stands for itself. */
  async codesUnder(code: string, m: EntityManager = this.db.manager): Promise<string[]> {
    return descendants(await this.all(m), code);
  }

  /** The 档号 pattern for a record of `code`: its own, an ancestor's, else the archive-wide one. */
  async patternFor(code: string | null | undefined, archiveWide: string, m: EntityManager = this.db.manager): Promise<string> {
    return patternFor(await this.all(m), code, archiveWide).pattern;
  }

  /** A new choice must be an active leaf; a record keeping the category it has (`kept`) is let be. */
  async assertChoosable(m: EntityManager, code: string, kept: string | null = null): Promise<void> {
    if (code === kept) return;
    const problem = choiceProblem(await this.all(m), code);
    if (problem) throw new AppError('VALIDATION', onField('contentCategory', problem));
  }

  async save(actor: Actor, input: CategoryInput): Promise<CategoryRow> {
    return this.db.write(async (m) => {
      const rows = await this.all(m);
      const before = input.previousCode ? rows.find((r) => r.code === input.previousCode) : undefined;
      if (input.previousCode && !before) throw new AppError('NOT_FOUND', ERR.categories.notFound);
      const renamed = !!before && before.code !== input.code;
      if ((!before || renamed) && rows.some((r) => r.code === input.code)) {
        throw new AppError('CONFLICT', ERR.categories.codeTaken(input.code));
      }
      if (renamed) {
        const used = await m.countBy(ArchiveRecordEntity, { contentCategory: before.code });
        if (used > 0) {
          throw new AppError('CONFLICT', ERR.categories.codeInUse(used, before.code));
        }
      }
      const self = before?.code ?? input.code;
      const place = checkPlacement(rows, self, input.parentCode);
      if (place) throw new AppError('VALIDATION', onField(place.path ?? 'parentCode', place));
      const siblings = rows.filter((r) => r.parentCode === input.parentCode && r.code !== self);
      if (siblings.some((r) => r.nameZh === input.nameZh)) {
        throw new AppError('CONFLICT', ERR.categories.nameTaken(input.nameZh));
      }
      const moved = !before || before.parentCode !== input.parentCode;
      const order = input.order ?? (moved ? Math.max(0, ...siblings.map((r) => r.order)) + 1 : before.order);
      const after: CategoryNode = {
        code: input.code,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        parentCode: input.parentCode,
        pattern: input.pattern,
        order,
        active: input.active,
      };
      if (renamed) {
        // Nobody files under the old code: the new row, its children pointed at it, the old row gone.
        await m.insert(RecordCategoryEntity, after);
        await m.update(RecordCategoryEntity, { parentCode: before.code }, { parentCode: after.code });
        await m.delete(RecordCategoryEntity, { code: before.code });
      } else {
        await m.save(RecordCategoryEntity, after);
      }
      await this.audit.append(m, {
        actor: actor.username,
        action: before ? 'category.update' : 'category.create',
        subject: `category:${after.code}`,
        details: { before: before ?? null, after },
      });
      return after;
    });
  }

  /** The children of `parentCode` in the order given: exactly those children, each once. */
  async reorder(actor: Actor, parentCode: string | null, codes: string[]): Promise<void> {
    await this.db.write(async (m) => {
      const rows = await this.all(m);
      const kids = rows.filter((r) => r.parentCode === parentCode);
      const same = codes.length === kids.length && new Set(codes).size === codes.length && kids.every((k) => codes.includes(k.code));
      if (!same) throw new AppError('CONFLICT', ERR.categories.changedMeanwhile);
      const before = [...kids].sort((a, b) => a.order - b.order).map((k) => k.code);
      for (const [i, code] of codes.entries()) await m.update(RecordCategoryEntity, { code }, { order: i + 1 });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'category.reorder',
        subject: parentCode ? `category:${parentCode}` : null,
        details: { before, after: codes },
      });
    });
  }

  /** Deletes a category nobody uses; one with records or sub-categories is refused (deactivate it instead). */
  async remove(actor: Actor, code: string): Promise<void> {
    await this.db.write(async (m) => {
      const rows = await this.all(m);
      const before = rows.find((r) => r.code === code);
      if (!before) throw new AppError('NOT_FOUND', ERR.categories.notFound);
      if (rows.some((r) => r.parentCode === code)) {
        throw new AppError('CONFLICT', ERR.categories.hasChildren(before.nameZh, before.nameEn));
      }
      const used = await m.countBy(ArchiveRecordEntity, { contentCategory: code });
      if (used > 0) {
        throw new AppError('CONFLICT', ERR.categories.inUse(before.nameZh, before.nameEn, used));
      }
      await m.delete(RecordCategoryEntity, { code });
      await this.audit.append(m, { actor: actor.username, action: 'category.delete', subject: `category:${code}`, details: { before } });
    });
  }

  private async recordCounts(m: EntityManager): Promise<Map<string, number>> {
    const raw = await m
      .createQueryBuilder(ArchiveRecordEntity, 'a')
      .select('a.contentCategory', 'code')
      .addSelect('COUNT(*)', 'n')
      .groupBy('a.contentCategory')
      .getRawMany<{ code: string; n: number | string }>();
    return new Map(raw.map((r) => [String(r.code), Number(r.n)]));
  }
}
