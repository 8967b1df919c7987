import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { appendOnlyTriggers } from '../dialect';
import { col } from './table-helpers';

/** Retention clocks and holds, appraisal batches, destruction batches, tombstones, shred queue. */
export class Retention1700000000006 implements MigrationInterface {
  name = 'Retention1700000000006';

  async up(q: QueryRunner): Promise<void> {
    const o = (n: string, len: number) => col.str(n, len, true);
    await q.addColumns('archive_records', [
      new TableColumn(o('clock_event', 16)),
      new TableColumn(o('clock_event_on', 10)),
      new TableColumn(o('next_appraisal', 10)),
      new TableColumn(o('disposition', 12)),
      new TableColumn(o('transfer_to', 100)),
    ]);
    await q.createTable(
      new Table({
        name: 'record_holds',
        columns: [
          col.id(),
          col.str('record_id', 36),
          col.str('reason', 200),
          col.str('set_by', 32),
          col.str('set_on', 10),
          o('released_on', 10),
          o('released_by', 32),
          o('release_reason', 200),
        ],
      }),
    );
    await q.createIndex('record_holds', new TableIndex({ name: 'idx_holds_record', columnNames: ['record_id'] }));
    await q.createTable(
      new Table({
        name: 'appraisal_batches',
        columns: [
          col.id(),
          { ...col.str('batch_no', 40), isUnique: true },
          col.str('purpose', 200),
          col.str('scope', 200),
          col.text('members'),
          col.str('status', 12),
          col.str('created_by', 32),
          col.str('created_at', 32),
          o('closed_at', 32),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'appraisal_items',
        columns: [
          col.id(),
          col.str('batch_id', 36),
          col.str('record_id', 36),
          col.str('original_term', 16),
          o('start_date', 10),
          o('due_date', 10),
          col.int('years_kept'),
          o('decision', 12),
          col.int('decision_years', true),
          o('transfer_to', 100),
          o('reason', 200),
          o('appraiser', 32),
          o('decided_on', 10),
          o('reviewer', 32),
          o('reviewed_on', 10),
        ],
      }),
    );
    await q.createIndex('appraisal_items', new TableIndex({ name: 'idx_appraisal_items_batch', columnNames: ['batch_id'] }));
    await q.createTable(
      new Table({
        name: 'destruction_batches',
        columns: [
          col.id(),
          { ...col.str('register_no', 40), isUnique: true },
          col.str('status', 16),
          o('appraisal_batch_id', 36),
          col.str('proposed_by', 32),
          col.str('proposed_at', 32),
          o('approved_by', 32),
          o('approver_opinion', 200),
          o('approved_at', 32),
          o('rejected_reason', 200),
          col.text('supervisors'),
          o('exec_time', 20),
          o('place', 100),
          o('methods', 100),
          o('executed_at', 32),
          o('register_sha256', 64),
          col.text('register_pdf', true),
          col.text('certificate_pdf', true),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'destruction_items',
        columns: [col.id(), col.str('batch_id', 36), col.str('record_id', 36), col.str('reason', 200), o('override_reason', 200), o('remarks', 200)],
      }),
    );
    await q.createIndex('destruction_items', new TableIndex({ name: 'idx_destruction_items_batch', columnNames: ['batch_id'] }));
    await q.createTable(
      new Table({
        name: 'tombstones',
        columns: [
          col.id(),
          col.str('record_id', 36),
          col.str('batch_id', 36),
          col.str('archive_no', 64),
          col.str('title', 200),
          o('date_from', 10),
          o('date_to', 10),
          col.int('year'),
          col.str('retention', 16),
          col.int('pages'),
          col.int('items'),
          col.str('sensitivity', 12),
          col.str('reason', 200),
          col.str('destroyed_at', 32),
          col.text('key_ids'),
          col.text('file_hashes'),
        ],
      }),
    );
    // Tombstones and registers are kept forever: the database itself refuses to change them.
    for (const sql of appendOnlyTriggers(q.connection.options.type, 'tombstones')) await q.query(sql);
    await q.createTable(new Table({ name: 'shred_queue', columns: [{ ...col.str('path', 300), isPrimary: true }, col.str('batch_id', 36)] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['shred_queue', 'tombstones', 'destruction_items', 'destruction_batches', 'appraisal_items', 'appraisal_batches', 'record_holds'])
      await q.dropTable(t);
    for (const c of ['transfer_to', 'disposition', 'next_appraisal', 'clock_event_on', 'clock_event']) await q.dropColumn('archive_records', c);
  }
}
