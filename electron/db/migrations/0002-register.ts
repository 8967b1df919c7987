import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { col } from './table-helpers';

const ts = (n: string) => col.str(n, 32);
const opt = (n: string, len: number) => col.str(n, len, true);

function table(name: string, columns: TableColumnOptions[]): Table {
  return new Table({ name, columns });
}

export class Register1700000000002 implements MigrationInterface {
  name = 'Register1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(table('grids', [col.id(), col.str('name', 60), { ...col.str('code', 16), isUnique: true }, opt('worker', 40), col.text('note', true)]));
    await q.createTable(
      table('buildings', [col.id(), col.str('grid_id', 36), col.str('name', 60), col.str('code', 16), opt('address', 200), col.text('note', true)]),
    );
    await q.createTable(table('units', [col.id(), col.str('building_id', 36), col.str('name', 40), col.str('code', 16)]));
    await q.createTable(
      table('households', [
        col.id(),
        col.str('unit_id', 36),
        col.str('room', 16),
        col.str('address', 200),
        col.str('residence_type', 16),
        opt('head_resident_id', 36),
        col.text('note', true),
        col.str('review_status', 16),
        ts('created_at'),
        ts('updated_at'),
      ]),
    );
    await q.createTable(
      table('tags', [
        col.id(),
        { ...col.str('name', 20), isUnique: true },
        col.str('color', 7),
        col.str('code', 2),
        col.bool('discreet'),
        col.int('sort_order'),
      ]),
    );
    await q.createTable(
      table('household_tags', [
        { ...col.str('household_id', 36), isPrimary: true },
        { ...col.str('tag_id', 36), isPrimary: true },
      ]),
    );
    await q.createTable(
      table('residents', [
        col.id(),
        col.str('household_id', 36),
        col.str('name', 40),
        col.str('name_pinyin', 120),
        col.str('name_initials', 40),
        opt('gender', 8),
        opt('birth_date', 10),
        opt('citizen_id', 18),
        opt('ethnicity', 20),
        opt('political_status', 20),
        opt('education', 20),
        opt('occupation', 40),
        opt('employer', 100),
        opt('phone', 20),
        opt('hukou_place', 100),
        opt('move_in_date', 10),
        col.str('resident_type', 16),
        opt('relation_to_head', 20),
        opt('marital_status', 20),
        opt('health', 40),
        opt('disability', 40),
        opt('medical_insurance', 40),
        opt('social_insurance', 40),
        opt('subsistence', 40),
        opt('family_planning', 60),
        col.text('special_categories'),
        col.text('notes', true),
        col.str('review_status', 16),
        ts('created_at'),
        ts('updated_at'),
      ]),
    );
    await q.createTable(
      table('locations', [col.id(), col.str('room', 40), col.str('cabinet', 20), col.str('shelf', 20), col.str('box', 20), col.text('note', true)]),
    );
    await q.createTable(
      table('archive_records', [
        col.id(),
        { ...col.str('archive_no', 64), isUnique: true },
        col.str('title', 200),
        opt('responsible', 60),
        opt('resident_id', 36),
        opt('household_id', 36),
        opt('building_id', 36),
        col.str('resident_class', 16),
        col.str('content_category', 16),
        col.str('carrier', 12),
        col.int('pages'),
        col.int('items'),
        opt('date_from', 10),
        opt('date_to', 10),
        col.int('year'),
        col.str('sensitivity', 12),
        col.str('retention_class', 8),
        col.int('retention_years', true),
        opt('location_id', 36),
        col.str('status', 24),
        col.str('review_status', 16),
        col.text('note', true),
        ts('created_at'),
        ts('updated_at'),
      ]),
    );
    await q.createTable(
      table('attachments', [
        col.id(),
        col.str('record_id', 36),
        col.str('file_name', 200),
        col.str('mime', 100),
        col.int('size'),
        col.str('sha256', 64),
        col.text('wrapped_key'),
        ts('created_at'),
        col.str('created_by', 32),
      ]),
    );
    await q.createTable(
      table('pending_changes', [
        col.id(),
        col.str('entity', 16),
        col.str('entity_id', 36),
        col.str('op', 8),
        col.text('after'),
        col.str('proposed_by', 32),
        ts('proposed_at'),
        col.str('status', 12),
        opt('reviewed_by', 32),
        opt('reviewed_at', 32),
        col.text('review_note', true),
      ]),
    );

    const fk = (table: string, column: string, ref: string, onDelete: 'RESTRICT' | 'CASCADE' | 'SET NULL' = 'RESTRICT') =>
      q.createForeignKey(table, new TableForeignKey({ columnNames: [column], referencedTableName: ref, referencedColumnNames: ['id'], onDelete }));
    await fk('buildings', 'grid_id', 'grids');
    await fk('units', 'building_id', 'buildings');
    await fk('households', 'unit_id', 'units');
    await fk('household_tags', 'household_id', 'households', 'CASCADE');
    await fk('household_tags', 'tag_id', 'tags', 'CASCADE');
    await fk('residents', 'household_id', 'households');
    await fk('archive_records', 'resident_id', 'residents', 'SET NULL');
    await fk('archive_records', 'household_id', 'households', 'SET NULL');
    await fk('archive_records', 'building_id', 'buildings', 'SET NULL');
    await fk('archive_records', 'location_id', 'locations', 'SET NULL');
    await fk('attachments', 'record_id', 'archive_records');

    const idx = (table: string, name: string, columns: string[], isUnique = false) =>
      q.createIndex(table, new TableIndex({ name, columnNames: columns, isUnique }));
    await idx('buildings', 'idx_buildings_grid', ['grid_id']);
    await idx('units', 'idx_units_building', ['building_id']);
    await idx('households', 'idx_households_unit', ['unit_id']);
    await idx('household_tags', 'idx_household_tags_tag', ['tag_id']);
    await idx('residents', 'idx_residents_household', ['household_id']);
    await idx('residents', 'idx_residents_citizen_id', ['citizen_id']);
    await idx('residents', 'idx_residents_phone', ['phone']);
    await idx('archive_records', 'idx_records_resident', ['resident_id']);
    await idx('archive_records', 'idx_records_household', ['household_id']);
    await idx('archive_records', 'idx_records_status', ['status']);
    await idx('attachments', 'idx_attachments_record', ['record_id']);
    await idx('pending_changes', 'idx_pending_status', ['status']);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'pending_changes',
      'attachments',
      'archive_records',
      'locations',
      'residents',
      'household_tags',
      'tags',
      'households',
      'units',
      'buildings',
      'grids',
    ]) {
      await q.dropTable(t);
    }
  }
}
