import { EntitySchema } from 'typeorm';
import { UnitEntity } from './structure.entity';

export interface HouseholdRecord {
  id: string;
  unitId: string;
  room: string;
  /** Full address text, kept in step with grid/building/unit names for one-box search. */
  address: string;
  residenceType: string; // own | rented | other
  headResidentId: string | null;
  note: string | null;
  reviewStatus: string; // approved | pending
  /** active | merged (joined another household by 合户; kept with its history). */
  status: string;
  createdAt: string;
  updatedAt: string;
}

export const HouseholdEntity = new EntitySchema<HouseholdRecord>({
  name: 'Household',
  tableName: 'households',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    unitId: { name: 'unit_id', type: 'varchar', length: 36 },
    room: { type: 'varchar', length: 16 },
    address: { type: 'varchar', length: 200 },
    residenceType: { name: 'residence_type', type: 'varchar', length: 16 },
    headResidentId: { name: 'head_resident_id', type: 'varchar', length: 36, nullable: true },
    note: { type: 'text', nullable: true },
    reviewStatus: { name: 'review_status', type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 12, default: 'active' },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
  indices: [{ name: 'idx_households_unit', columns: ['unitId'] }],
  foreignKeys: [{ target: UnitEntity, columnNames: ['unitId'], referencedColumnNames: ['id'] }],
});

export interface TagRecord {
  id: string;
  name: string;
  color: string;
  code: string;
  discreet: boolean;
  order: number;
}
export const TagEntity = new EntitySchema<TagRecord>({
  name: 'Tag',
  tableName: 'tags',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    name: { type: 'varchar', length: 20, unique: true },
    color: { type: 'varchar', length: 7 },
    code: { type: 'varchar', length: 2 },
    discreet: { type: 'boolean' },
    order: { name: 'sort_order', type: 'integer' },
  },
});

export interface HouseholdTagRecord {
  householdId: string;
  tagId: string;
}
export const HouseholdTagEntity = new EntitySchema<HouseholdTagRecord>({
  name: 'HouseholdTag',
  tableName: 'household_tags',
  columns: {
    householdId: { name: 'household_id', type: 'varchar', length: 36, primary: true },
    tagId: { name: 'tag_id', type: 'varchar', length: 36, primary: true },
  },
  indices: [{ name: 'idx_household_tags_tag', columns: ['tagId'] }],
  foreignKeys: [
    { target: HouseholdEntity, columnNames: ['householdId'], referencedColumnNames: ['id'], onDelete: 'CASCADE' },
    { target: TagEntity, columnNames: ['tagId'], referencedColumnNames: ['id'], onDelete: 'CASCADE' },
  ],
});
