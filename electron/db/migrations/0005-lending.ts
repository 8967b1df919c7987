import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

export class Lending1700000000005 implements MigrationInterface {
  name = 'Lending1700000000005';

  async up(q: QueryRunner): Promise<void> {
    const o = (n: string, len: number) => col.str(n, len, true);
    await q.createTable(
      new Table({
        name: 'loans',
        columns: [
          col.id(),
          col.str('slip_no', 40),
          col.str('record_id', 36),
          col.str('kind', 12),
          col.str('borrower_kind', 12),
          o('borrower_user_id', 36),
          col.str('borrower_name', 40),
          o('borrower_id_number', 30),
          o('borrower_org', 100),
          o('borrower_phone', 20),
          o('letter_no', 40),
          col.str('purpose', 200),
          col.str('approver_user_id', 36),
          col.str('approver_name', 40),
          o('approver_opinion', 200),
          col.str('checkout_date', 10),
          col.str('due_date', 10),
          col.int('renewals'),
          col.int('pages_out'),
          o('condition_out', 200),
          o('returned_on', 10),
          col.int('pages_in', true),
          o('damage_note', 200),
          o('missing_pages', 200),
          o('alterations', 200),
          o('received_by', 32),
          col.int('copies_made', true),
          o('outcome', 200),
          col.str('created_by', 32),
          col.str('created_at', 32),
        ],
      }),
    );
    await q.createForeignKey(
      'loans',
      new TableForeignKey({ columnNames: ['record_id'], referencedTableName: 'archive_records', referencedColumnNames: ['id'] }),
    );
    await q.createIndex('loans', new TableIndex({ name: 'idx_loans_record', columnNames: ['record_id'] }));
    await q.createIndex('loans', new TableIndex({ name: 'idx_loans_open', columnNames: ['returned_on', 'due_date'] }));
    await q.createIndex('loans', new TableIndex({ name: 'idx_loans_slip', columnNames: ['slip_no'] }));
    await q.createTable(
      new Table({
        name: 'recall_notices',
        columns: [
          col.id(),
          col.str('loan_id', 36),
          col.str('date', 10),
          col.str('method', 12),
          o('tier_id', 20),
          o('due_date', 10),
          o('note', 200),
          col.str('by_user', 32),
        ],
      }),
    );
    await q.createForeignKey('recall_notices', new TableForeignKey({ columnNames: ['loan_id'], referencedTableName: 'loans', referencedColumnNames: ['id'] }));
    await q.createIndex('recall_notices', new TableIndex({ name: 'idx_recalls_loan', columnNames: ['loan_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('recall_notices');
    await q.dropTable('loans');
  }
}
