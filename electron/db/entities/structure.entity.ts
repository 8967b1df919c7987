import { EntitySchema } from 'typeorm';

/** Community structure: grid (网格) → building (楼栋) → unit (单元). Households hang off units. */
export interface GridRecord {
  id: string;
  name: string;
  code: string;
  worker: string | null;
  note: string | null;
}
export interface BuildingRecord {
  id: string;
  gridId: string;
  name: string;
  code: string;
  address: string | null;
  note: string | null;
}
export interface UnitRecord {
  id: string;
  buildingId: string;
  name: string;
  code: string;
}

export const GridEntity = new EntitySchema<GridRecord>({
  name: 'Grid',
  tableName: 'grids',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    name: { type: 'varchar', length: 60 },
    code: { type: 'varchar', length: 16, unique: true },
    worker: { type: 'varchar', length: 40, nullable: true },
    note: { type: 'text', nullable: true },
  },
});

export const BuildingEntity = new EntitySchema<BuildingRecord>({
  name: 'Building',
  tableName: 'buildings',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    gridId: { name: 'grid_id', type: 'varchar', length: 36 },
    name: { type: 'varchar', length: 60 },
    code: { type: 'varchar', length: 16 },
    address: { type: 'varchar', length: 200, nullable: true },
    note: { type: 'text', nullable: true },
  },
  indices: [{ name: 'idx_buildings_grid', columns: ['gridId'] }],
  foreignKeys: [{ target: GridEntity, columnNames: ['gridId'], referencedColumnNames: ['id'] }],
});

export const UnitEntity = new EntitySchema<UnitRecord>({
  name: 'Unit',
  tableName: 'units',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    buildingId: { name: 'building_id', type: 'varchar', length: 36 },
    name: { type: 'varchar', length: 40 },
    code: { type: 'varchar', length: 16 },
  },
  indices: [{ name: 'idx_units_building', columns: ['buildingId'] }],
  foreignKeys: [{ target: BuildingEntity, columnNames: ['buildingId'], referencedColumnNames: ['id'] }],
});
