import type { Database } from '../db/database';
import { subKey } from '../vault/envelope';
import { AuditService } from './audit.service';
import { SettingsService } from './settings.service';
import { UsersService } from './users.service';

export interface ServiceDeps {
  nowIso: () => string;
  newId: () => string;
}

/** Everything that needs the open vault. Built when the vault opens, dropped when it locks. */
export function createServices(db: Database, vaultKey: Buffer, deps: ServiceDeps) {
  const audit = new AuditService(db, subKey(vaultKey, 'audit-hmac'), deps.nowIso);
  return {
    db,
    audit,
    users: new UsersService(db, deps.nowIso, deps.newId),
    settings: new SettingsService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
