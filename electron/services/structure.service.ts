import type { EntityManager } from 'typeorm';
import type { StructureTree } from '../../shared/contract/register.contract';
import { orderStructure } from '../../shared/domain/natural-order';
import { AppError } from '../../shared/errors';
import { ERR, type StructureContents, type StructureLevel } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { BuildingEntity, GridEntity, HouseholdEntity, UnitEntity } from '../db/entities';
import type { BuildingRecord, GridRecord, UnitRecord } from '../db/entities/structure.entity';
import type { AuditService } from './audit.service';

export type Actor = { username: string };

/** Grids, buildings and units; keeps households' address text in step when names change. */
export class StructureService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly newId: () => string,
  ) {}

  async tree(): Promise<StructureTree> {
    const m = this.db.manager;
    const [grids, buildings, units] = await Promise.all([
      m.find(GridEntity, { order: { code: 'ASC' } }),
      m.find(BuildingEntity, { order: { code: 'ASC' } }),
      m.find(UnitEntity, { order: { code: 'ASC' } }),
    ]);
    // SQL orders by code points (第一, 第三, 第二; 10号楼 before 2号楼); the tree is small, so Node reorders it.
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
      const count = async (sql: string) => Number(Object.values((await m.query(sql, [id]))[0] ?? {})[0] ?? 0);
      const held: StructureContents =
        level === 'grid'
          ? { buildings: await count('SELECT count(*) FROM buildings WHERE grid_id = ?') }
          : level === 'building'
            ? {
                units: await count('SELECT count(*) FROM units WHERE building_id = ?'),
                records: await count('SELECT count(*) FROM archive_records WHERE building_id = ?'),
              }
            : { households: await count('SELECT count(*) FROM households WHERE unit_id = ?') };
      if (Object.values(held).some((n) => n > 0)) throw new AppError('CONFLICT', ERR.structure.stillHolds(before.name, held));
      await m.delete(entity, { id });
      await this.audit.append(m, { actor: actor.username, action: `${level}.remove`, subject: `${level}:${id}`, details: { before } });
    });
  }

  /** "第一网格 3号楼 2单元 301" — the text the one search box matches addresses against. */
  async addressOf(m: EntityManager, unitId: string, room: string): Promise<string> {
    const rows: { g: string; b: string; u: string }[] = await m.query(
      'SELECT g.name AS g, b.name AS b, u.name AS u FROM units u JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE u.id = ?',
      [unitId],
    );
    if (!rows[0]) throw missing('unit');
    return `${rows[0].g} ${rows[0].b} ${rows[0].u} ${room}`;
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
    const where = kind === 'grid' ? 'b.grid_id = ?' : kind === 'building' ? 'b.id = ?' : 'u.id = ?';
    const rows: { id: string; unit_id: string; room: string }[] = await m.query(
      `SELECT h.id, h.unit_id, h.room FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE ${where}`,
      [id],
    );
    for (const r of rows) await m.update(HouseholdEntity, { id: r.id }, { address: await this.addressOf(m, r.unit_id, r.room) });
  }
}

function codeTaken(code: string): AppError {
  return new AppError('CONFLICT', ERR.structure.codeTaken(code));
}

export function missing(level: StructureLevel): AppError {
  return new AppError('NOT_FOUND', ERR.structure.notFound(level));
}
