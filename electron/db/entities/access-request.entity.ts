import { EntitySchema } from 'typeorm';

/** A look-up clerk's request to open a sensitive household's data, decided by a keeper. */
export interface AccessRequestRow {
  id: string;
  requester: string;
  /** What the approval covers: household:<id> (discreet tag) or record:<id> (sensitive record). */
  scope: string;
  subject: string; // e.g. resident:<id> — what the clerk wants to open
  purpose: string;
  status: string; // pending | approved | denied
  decidedBy: string | null;
  decidedAt: string | null;
  expiresAt: string | null;
  note: string | null;
  createdAt: string;
}

export const AccessRequestEntity = new EntitySchema<AccessRequestRow>({
  name: 'AccessRequest',
  tableName: 'access_requests',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    requester: { type: 'varchar', length: 32 },
    scope: { type: 'varchar', length: 80 },
    subject: { type: 'varchar', length: 80 },
    purpose: { type: 'varchar', length: 200 },
    status: { type: 'varchar', length: 12 },
    decidedBy: { name: 'decided_by', type: 'varchar', length: 32, nullable: true },
    decidedAt: { name: 'decided_at', type: 'varchar', length: 32, nullable: true },
    expiresAt: { name: 'expires_at', type: 'varchar', length: 32, nullable: true },
    note: { type: 'varchar', length: 200, nullable: true },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
  },
  indices: [
    { name: 'idx_access_requester', columns: ['requester', 'scope'] },
    { name: 'idx_access_status', columns: ['status'] },
  ],
});
