import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { StructureTree } from '../../shared/contract/register.contract';
import { orderStructure } from '../../shared/domain/natural-order';
import { AppError } from '../../shared/errors';
import { ERR, type StructureContents, type StructureLevel } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { ArchiveRecordEntity, BuildingEntity, GridEntity, HouseholdEntity, UnitEntity } from '../db/entities';
import type { BuildingRecord, GridRecord, UnitRecord } from '../db/entities/structure.entity';
import type { AuditService } from './audit.service';

import type { Actor } from './actor';

/** Grids, buildings and units; keeps households' address text in step when names change. */
export class StructureService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly newId: () => string,
  ) {}

  /**
   * The tree last read, with the change mark it was read at. At 1M residents a read is 42k rows put in
   * reading order (≈ 0.2–0.4 s of the host's one thread), asked for by every window that opens and
   * every office PC; the structure itself changes seldom. PostgreSQL has no mark (other writers): read each time.
   */
  private kept: StructureTree | null = null;

  async tree(): Promise<StructureTree> {
    const m = this.db.manager;
    // Taken before reading: a write that lands meanwhile moves the mark past this tree.
    const version = this.db.changeMark();
    if (version !== null && this.kept?.version === version) return this.kept;
    const tree = { ...(await this.readTree(m)), version };
    if (version !== null) this.kept = tree;
    return tree;
  }

  /** The tree as the archive holds it now, in reading order (tree() keeps it; the bench times this). */
  async readTree(m: EntityManager = this.db.manager): Promise<Omit<StructureTree, 'version'>> {
    // Plain rows, not entities, each table read whole as one JSON text (dialect.wholeTable): at street
    // scale (~33k units) entity objects cost the web host's one thread about a second and row-by-row
    // objects ≈ 110 ms, while every other request waited behind them.
    const d = dialectOf(m);
    const grids = await d.wholeTable(m, GridEntity, ['id', 'name', 'code', 'worker', 'note']);
    const buildings = await d.wholeTable(m, BuildingEntity, ['id', 'gridId', 'name', 'code', 'address', 'note']);
    const units = await d.wholeTable(m, UnitEntity, ['id', 'buildingId', 'name', 'code']);
    // Reading order (第一, 第二, 第三; 2号楼 before 10号楼) is natural order, not SQL's: Node sorts.
    return orderStructure({ grids, buildings, units });
  }

  saveGrid(actor: Actor, g: Omit<GridRecord, 'id'> & { id?: string }): Promise<GridRecord> {
    return this.save(actor, GridEntity, 'grid', g, async (m, rec) => {
      const clash = await m.findOneBy(GridEntity, { code: rec.code });
      if (clash && clash.id !== rec.id) throw codeTaken(rec.code);
    });
  }

  saveBuilding(actor: Actor, b: Omit<BuildingRecord, 'id'> & { id?: string }): Promise<BuildingRecord> {
    return this.save(actor, BuildingEntity, 'building', b, async (m, rec) => {
      if (!(await m.findOneBy(GridEntity, { id: rec.gridId }))) throw missing('grid');
      const clash = await m.findOneBy(BuildingEntity, { gridId: rec.gridId, code: rec.code });
      if (clash && clash.id !== rec.id) throw codeTaken(rec.code);
    });
  }

  saveUnit(actor: Actor, u: Omit<UnitRecord, 'id'> & { id?: string }): Promise<UnitRecord> {
    return this.save(actor, UnitEntity, 'unit', u, async (m, rec) => {
      if (!(await m.findOneBy(BuildingEntity, { id: rec.buildingId }))) throw missing('building');
      const clash = await m.findOneBy(UnitEntity, { buildingId: rec.buildingId, code: rec.code });
      if (clash && clash.id !== rec.id) throw codeTaken(rec.code);
    });
  }

  /**
   * Removes a grid, building or unit that holds nothing: no buildings, units, households, or
   * records filed under the building. Anything else is refused with what is still there, so the
   * keeper knows what to move first; nothing is removed in cascade.
   */
  async remove(actor: Actor, level: 'grid' | 'building' | 'unit', id: string): Promise<void> {
    await this.db.write(async (m) => {
      const entity = level === 'grid' ? GridEntity : level === 'building' ? BuildingEntity : UnitEntity;
      const before = (await m.findOneBy(entity, { id })) as GridRecord | BuildingRecord | UnitRecord | null;
      if (!before) throw missing(level);
      const held: StructureContents =
        level === 'grid'
          ? { buildings: await m.countBy(BuildingEntity, { gridId: id }) }
          : level === 'building'
            ? {
                units: await m.countBy(UnitEntity, { buildingId: id }),
                records: await m.countBy(ArchiveRecordEntity, { buildingId: id }),
              }
            : { households: await m.countBy(HouseholdEntity, { unitId: id }) };
      if (Object.values(held).some((n) => n > 0)) throw new AppError('CONFLICT', ERR.structure.stillHolds(before.name, held));
      await m.delete(entity, { id });
      await this.audit.append(m, { actor: actor.username, action: `${level}.remove`, subject: `${level}:${id}`, details: { before } });
    });
  }

  /** "第一网格 3号楼 2单元 301" — the text the one search box matches addresses against. */
  async addressOf(m: EntityManager, unitId: string, room: string): Promise<string> {
    const row = await placeQuery(m)
      .select('g.name', 'grid')
      .addSelect('b.name', 'building')
      .addSelect('u.name', 'unit')
      .where('u.id = :unitId', { unitId })
      .getRawOne<{ grid: string; building: string; unit: string }>();
    if (!row) throw missing('unit');
    return `${row.grid} ${row.building} ${row.unit} ${room}`;
  }

  private async save<T extends { id: string }>(
    actor: Actor,
    entity: typeof GridEntity | typeof BuildingEntity | typeof UnitEntity,
    kind: StructureLevel,
    input: Omit<T, 'id'> & { id?: string },
    check: (m: EntityManager, rec: T) => Promise<void>,
  ): Promise<T> {
    return this.db.write(async (m) => {
      const before = input.id ? ((await m.findOneBy(entity, { id: input.id })) as T | null) : null;
      if (input.id && !before) throw missing(kind);
      const rec = { ...input, id: input.id ?? this.newId() } as unknown as T;
      await check(m, rec);
      await m.save(entity, rec as never);
      if (before) await this.refreshAddresses(m, kind, rec.id);
      await this.audit.append(m, {
        actor: actor.username,
        action: before ? `${kind}.update` : `${kind}.create`,
        subject: `${kind}:${rec.id}`,
        details: { before, after: rec },
      });
      return rec;
    });
  }

  /** Rewrites the address text of every household under a grid, building or unit (its names changed). */
  async refreshAddresses(m: EntityManager, kind: string, id: string): Promise<void> {
    const where = kind === 'grid' ? 'b.gridId = :id' : kind === 'building' ? 'b.id = :id' : 'u.id = :id';
    // One read for every door below (names and rooms together), then one write per household.
    const rows = await placeQuery(m, true)
      .select('h.id', 'id')
      .addSelect('h.room', 'room')
      .addSelect('g.name', 'grid')
      .addSelect('b.name', 'building')
      .addSelect('u.name', 'unit')
      .where(where, { id })
      .getRawMany<{ id: string; room: string; grid: string; building: string; unit: string }>();
    for (const r of rows) await m.update(HouseholdEntity, { id: r.id }, { address: `${r.grid} ${r.building} ${r.unit} ${r.room}` });
  }
}

/**
 * Units `u` with their building `b` and grid `g`; with `households`, from the households `h` in
 * them. The caller selects the names or codes along the place it needs.
 */
export function placeQuery(m: EntityManager, households = false): SelectQueryBuilder<ObjectLiteral> {
  const qb = households
    ? m.createQueryBuilder(HouseholdEntity, 'h').innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
    : m.createQueryBuilder(UnitEntity, 'u');
  return qb.innerJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId').innerJoin(GridEntity.options.name, 'g', 'g.id = b.gridId');
}

function codeTaken(code: string): AppError {
  return new AppError('CONFLICT', ERR.structure.codeTaken(code));
}

export function missing(level: StructureLevel): AppError {
  return new AppError('NOT_FOUND', ERR.structure.notFound(level));
}
