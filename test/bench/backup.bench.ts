import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createBackup } from '../../electron/backup/backup.service';
import { restoreBackup } from '../../electron/backup/restore';
import { ArchiveCore } from '../../electron/core/archive-core';
import { communityVault } from '../helpers/community-vault';
import { PostgresCluster, postgresBinDir } from '../helpers/postgres-cluster';
import { ADMIN, tempDir } from '../helpers/vault-fixture';
import type { BenchLine } from './harness';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const s = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - s) / 1e6];
}

/**
 * Backup and restore of a 100k-resident archive on each engine (issue 16 item 4): SQLCipher copies
 * its file; PostgreSQL reads one snapshot into archive.rows. Each backup time includes its verify
 * (a PostgreSQL backup is loaded into a SQLCipher copy to be checked). Restores go into either engine.
 */
export async function benchBackup(): Promise<BenchLine[]> {
  const out = tempDir('archive-bench-backup-');
  const lines: BenchLine[] = [];
  const { v } = await communityVault();
  let cluster: PostgresCluster | null = null;
  try {
    const fromSqlite = join(out, 'sqlcipher.arbak');
    const [, tBackup] = await timed(() => createBackup(v.core, { username: ADMIN.username }, fromSqlite));
    lines.push({
      name: 'backup SQLCipher (100k residents, + verify)',
      value: secs(tBackup),
      baseline: `${(statSync(fromSqlite).size / 1e6).toFixed(0)} MB file`,
    });
    const [, tRestore] = await timed(() => restoreBackup(fromSqlite, join(out, 'r-sqlite'), ADMIN.username, ADMIN.password));
    lines.push({ name: 'restore SQLCipher backup → SQLCipher', value: secs(tRestore) });
    try {
      postgresBinDir();
    } catch {
      lines.push({ name: 'PostgreSQL lines', value: 'skipped', baseline: 'no PostgreSQL binaries' });
      return lines;
    }
    cluster = await PostgresCluster.start();
    const pgDir = join(out, 'r-pg');
    const [, tToPg] = await timed(() =>
      restoreBackup(fromSqlite, pgDir, ADMIN.username, ADMIN.password, undefined, undefined, { database: cluster!.createDatabase('bench') }),
    );
    lines.push({ name: 'restore SQLCipher backup → PostgreSQL', value: secs(tToPg) });
    const core = new ArchiveCore({ dataDir: pgDir });
    const fromPg = join(out, 'postgres.arbak');
    try {
      await core.signIn('bench', ADMIN.username, ADMIN.password);
      const [, tPgBackup] = await timed(() => createBackup(core, { username: ADMIN.username }, fromPg));
      lines.push({ name: 'backup PostgreSQL (snapshot, + verify)', value: secs(tPgBackup), baseline: `${(statSync(fromPg).size / 1e6).toFixed(0)} MB file` });
    } finally {
      await core.close();
    }
    const [, tPgSqlite] = await timed(() => restoreBackup(fromPg, join(out, 'r-pg-sqlite'), ADMIN.username, ADMIN.password));
    lines.push({ name: 'restore PostgreSQL backup → SQLCipher', value: secs(tPgSqlite) });
    const [, tPgPg] = await timed(() =>
      restoreBackup(fromPg, join(out, 'r-pg-pg'), ADMIN.username, ADMIN.password, undefined, undefined, { database: cluster!.createDatabase('bench') }),
    );
    lines.push({ name: 'restore PostgreSQL backup → PostgreSQL', value: secs(tPgPg) });
    return lines;
  } finally {
    await v.destroy();
    await cluster?.stop();
    rmSync(out, { recursive: true, force: true });
  }
}
