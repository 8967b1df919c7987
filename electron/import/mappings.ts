import type { EntityManager } from 'typeorm';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import type { Database } from '../db/database';
import { ImportMappingEntity, TagEntity } from '../db/entities';
import type { AuditService } from '../services/audit.service';
import type { Actor } from '../services/actor';
import { codedOptions, isCodedColumn, isOpenVocabulary } from '../../shared/domain/coded-values';
import { COLUMN_BY_KEY, COLUMNS, columnLabel, type ColumnKey } from './columns';
import type { ValueMappings } from './validate-rows';

/**
 * The values a coded column accepts, as a keeper writes them (the zh labels of the shared
 * vocabulary, shared/domain/coded-values.ts): what a sheet value may be mapped to and what the dry
 * run lists beside an unknown value. Open vocabularies keep unknown words, so nothing to map there.
 * 户标签 is not here: its values are the archive's tags (see allowedValues).
 */
export function optionsFor(key: ColumnKey): readonly string[] {
  if (!isCodedColumn(key) || isOpenVocabulary(key)) return [];
  return codedOptions(key).map((o) => o.zh);
}

/** Columns whose unknown values can be mapped: the coded ones and 户标签. */
export function isMappable(key: ColumnKey): boolean {
  return key === 'tags' || optionsFor(key).length > 0;
}

/** What `key` accepts in this archive: the coded options, or for 户标签 the tag names. */
export function allowedValues(key: ColumnKey, tagNames: readonly string[]): readonly string[] {
  return key === 'tags' ? tagNames : optionsFor(key);
}

export interface MappingEntry {
  columnKey: ColumnKey;
  value: string;
  target: string;
}

export interface SavedMapping extends MappingEntry {
  column: string;
  createdBy: string;
  createdAt: string;
}

const MAX_VALUE = 200;

/**
 * Sheet value → target, per column. The inner records have no prototype: validateRows looks cells
 * up by plain indexing, and a cell reading "constructor" must not find Object's.
 */
export function toValueMappings(entries: readonly MappingEntry[]): ValueMappings {
  const out: ValueMappings = {};
  for (const e of entries) (out[e.columnKey] ??= Object.create(null) as Record<string, string>)[e.value] = e.target;
  return out;
}

/** Merges mapping sets; later ones win for the same (column, value). */
export function mergeMappings(...sets: (ValueMappings | undefined)[]): ValueMappings {
  const entries: MappingEntry[] = [];
  for (const s of sets)
    for (const [k, m] of Object.entries(s ?? {}))
      for (const [value, target] of Object.entries(m ?? {})) entries.push({ columnKey: k as ColumnKey, value, target });
  return toValueMappings(entries);
}

/**
 * Checks one mapping against what the archive accepts, with messages that say what to do:
 * the column must be a coded one, the target one of its values (for 户标签 an existing tag),
 * and the sheet value must not already be a valid value (mapping 自有 → 租住 would silently recode).
 */
export function mappingProblem(e: { columnKey: string; value: string; target: string }, tagNames: readonly string[]): { zh: string; en: string } | null {
  const col = COLUMN_BY_KEY.get(e.columnKey as ColumnKey);
  const says = ERR.import.mapping;
  if (!col) return says.noColumn(e.columnKey);
  if (!isMappable(col.key))
    return says.notMappable(
      col,
      COLUMNS.filter((c) => isMappable(c.key)),
    );
  const value = e.value.trim();
  if (!value || value.length > MAX_VALUE) return says.valueLength(col, MAX_VALUE);
  const allowed = allowedValues(col.key, tagNames);
  if (allowed.includes(value)) return says.alreadyValid(col, value);
  if (!allowed.includes(e.target)) return col.key === 'tags' ? says.noSuchTag(value, e.target) : says.notAllowed(col, value, allowed, e.target);
  return null;
}

/**
 * Saved mappings (table import_mappings): read by every dry run and commit; saved and removed by a
 * keeper (permission data.import), each change audited with who mapped which value to what.
 */
export class ImportMappings {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly nowIso: () => string,
  ) {}

  async list(m: EntityManager = this.db.manager): Promise<SavedMapping[]> {
    const rows = await m.find(ImportMappingEntity, { order: { columnKey: 'ASC', sheetValue: 'ASC' } });
    return rows
      .filter((r) => COLUMN_BY_KEY.has(r.columnKey as ColumnKey))
      .map((r) => ({
        columnKey: r.columnKey as ColumnKey,
        column: columnLabel(r.columnKey as ColumnKey),
        value: r.sheetValue,
        target: r.target,
        createdBy: r.createdBy,
        createdAt: r.createdAt,
      }));
  }

  async valueMappings(m: EntityManager = this.db.manager): Promise<ValueMappings> {
    return toValueMappings(await this.list(m));
  }

  /** Every entry checked first (against tags as they are inside the transaction); all or none saved. */
  async save(actor: Actor, entries: readonly MappingEntry[]): Promise<SavedMapping[]> {
    return this.db.write(async (m) => {
      const tagNames = await tagNamesIn(m);
      const problems = entries.flatMap((e, i) => {
        const p = mappingProblem(e, tagNames);
        return p ? [{ i, p }] : [];
      });
      if (problems.length) throw new AppError('VALIDATION', ERR.import.mappingsRefused(problems));
      const now = this.nowIso();
      for (const e of entries) {
        const value = e.value.trim();
        const before = await m.findOneBy(ImportMappingEntity, { columnKey: e.columnKey, sheetValue: value });
        if (before?.target === e.target) continue;
        const row = { target: e.target, createdBy: actor.username, createdAt: now };
        // Inside the write transaction: nothing can add the same key between the read and this write.
        if (before) await m.update(ImportMappingEntity, { columnKey: e.columnKey, sheetValue: value }, row);
        else await m.insert(ImportMappingEntity, { columnKey: e.columnKey, sheetValue: value, ...row });
        await this.audit.append(m, {
          actor: actor.username,
          action: 'import.mapping.save',
          subject: `import-mapping:${e.columnKey}`,
          details: { column: e.columnKey, value, target: e.target, before: before?.target ?? null },
        });
      }
      return this.list(m);
    });
  }

  async remove(actor: Actor, columnKey: string, value: string): Promise<void> {
    await this.db.write(async (m) => {
      const before = await m.findOneBy(ImportMappingEntity, { columnKey, sheetValue: value });
      if (!before) throw new AppError('NOT_FOUND', ERR.import.mappingNotFound);
      await m.delete(ImportMappingEntity, { columnKey, sheetValue: value });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'import.mapping.remove',
        subject: `import-mapping:${columnKey}`,
        details: { column: columnKey, value, target: before.target },
      });
    });
  }
}

export async function tagNamesIn(m: EntityManager): Promise<string[]> {
  return (await archiveTags(m)).map((t) => t.name);
}

/** The archive's tags in their order (id, name, code: what a sheet's 户标签 cell may name). */
export async function archiveTags(m: EntityManager): Promise<{ id: string; name: string; code: string }[]> {
  return m.find(TagEntity, { select: { id: true, name: true, code: true }, order: { order: 'ASC', name: 'ASC' } });
}

export function importMappings(core: Pick<ArchiveCore, 'services' | 'nowIso'>): ImportMappings {
  const s = core.services;
  return new ImportMappings(s.db, s.audit, core.nowIso);
}
