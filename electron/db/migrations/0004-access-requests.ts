import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

export class AccessRequests1700000000004 implements MigrationInterface {
  name = 'AccessRequests1700000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'access_requests',
        columns: [
          col.id(),
          col.str('requester', 32),
          col.str('scope', 80),
          col.str('subject', 80),
          col.str('purpose', 200),
          col.str('status', 12),
          col.str('decided_by', 32, true),
          col.str('decided_at', 32, true),
          col.str('expires_at', 32, true),
          col.str('note', 200, true),
          col.str('created_at', 32),
        ],
      }),
    );
    await q.createIndex('access_requests', new TableIndex({ name: 'idx_access_requester', columnNames: ['requester', 'scope'] }));
    await q.createIndex('access_requests', new TableIndex({ name: 'idx_access_status', columnNames: ['status'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('access_requests');
  }
}
