import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * The approved register, frozen: a canonical snapshot of the listed records and its SHA-256,
 * stored at approval and compared with the live state at execution; a revision counter that
 * grows with every re-submission.
 */
export class DestructionFreeze1700000000009 implements MigrationInterface {
  name = 'DestructionFreeze1700000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('destruction_batches', [
      new TableColumn(col.text('approved_snapshot', true)),
      new TableColumn(col.str('approved_sha256', 64, true)),
      new TableColumn({ ...col.int('revision'), default: 1 }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['revision', 'approved_sha256', 'approved_snapshot']) await q.dropColumn('destruction_batches', c);
  }
}
