import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupReport } from '../../shared/contract/data.contract';
import { createBackup } from '../../electron/backup/backup.service';
import { restoreBackup } from '../../electron/backup/restore';
import { countTables, tablesInOrder } from '../../electron/backup/table-copy';
import { ArchiveCore } from '../../electron/core/archive-core';
import { LOCK_FILES } from '../../electron/core/folder-lock';
import { storedTarget } from '../../electron/core/db-target';
import { vaultPaths } from '../../electron/core/paths';
import { Database } from '../../electron/db/database';
import { postgresOptions } from '../../electron/db/dialect-postgres';
import { dialectOf } from '../../electron/db/engine';
import { ENTITIES } from '../../electron/db/entities';
import { HouseholdEntity } from '../../electron/db/entities/household.entity';
import { ResidentEntity } from '../../electron/db/entities/resident.entity';
import { loadVaultSecrets, type VaultSecrets } from '../../electron/vault/vault-secrets';
import { communityRows } from '../helpers/import-sheets';
import { createDatabaseAt, PostgresCluster, urlOf, type ClusterAddress } from '../helpers/postgres-cluster';
import { ADMIN, TEST_ENGINE, tempDir, TestVault } from '../helpers/vault-fixture';

/**
 * Issue 16, item 4: a backup moves an archive between engines. The archive is made the way users
 * make it on this run's engine (SQLCipher in the `main` project, PostgreSQL in `postgres`), backed
 * up, restored into the OTHER engine and back again; every table's count and whole rows are equal
 * each way, and the real CLI's `verify` finds the restored archive sound.
 */
const BIN = join(__dirname, '../../bin/archive-room.cjs');
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ARCHIVE_ROOM_PASSWORD: ADMIN.password, ...env }, input: '' });

/** Tables whose rows a backup (or a sign-in) itself adds: compared apart. */
const MOVING = new Set(['audit_log', 'audit_heads', 'audit_chain_head', 'settings']);

let cluster: PostgresCluster | null = null;
let address: ClusterAddress;
function newDatabase(): string {
  const name = `restore_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  createDatabaseAt(address, name);
  return urlOf(address, name);
}

/** Every row of the named tables (ordered by key), as the entities read them. */
async function rowsOf(db: Database, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const meta of tablesInOrder(db.ds).filter((m) => tables.includes(m.tableName))) {
    const q = db.manager.createQueryBuilder(meta.target, 't');
    for (const c of meta.primaryColumns) q.addOrderBy(`t.${c.propertyName}`, 'ASC');
    out[meta.tableName] = await q.getMany();
  }
  return out;
}

const SAMPLED = ['residents', 'households', 'archive_records', 'attachments', 'loans', 'tags', 'users', 'record_categories'];

describe('a backup restores into either engine (SQLCipher ⇄ PostgreSQL)', () => {
  const v = new TestVault();
  const out = tempDir('archive-engines-');
  const rows = communityRows(40, 7, 71000);
  const other = TEST_ENGINE === 'postgres' ? 'sqlcipher' : 'postgres';
  let backup = '';
  let report: BackupReport;
  let before: Record<string, number>;
  let sample: Record<string, unknown[]>;
  let auditBefore: unknown[];
  let secrets: VaultSecrets;

  beforeAll(async () => {
    if (process.env.ARCHIVE_ROOM_TEST_PG) address = JSON.parse(process.env.ARCHIVE_ROOM_TEST_PG) as ClusterAddress;
    else {
      cluster = await PostgresCluster.start();
      address = cluster.address;
    }
    await v.setup();
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    // Registered by hand, as a keeper does (the import's own port to PostgreSQL is another branch's).
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '4号楼', code: 'B04' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
    const homes: string[] = [];
    if (TEST_ENGINE === 'sqlcipher') {
      for (let i = 0; i < 8; i++)
        homes.push(
          (await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u.id, room: `${i + 1}01`, residenceType: 'own', tagIds: [] }))
            .household.id,
        );
      for (const [i, r] of rows.entries())
        await v.ok('admin', 'residents.create', {
          householdId: homes[i % 8],
          residentType: 'registered',
          name: r.name,
          citizenId: r.citizenId,
          phone: r.phone,
        });
    } else {
      // The register's port to PostgreSQL is another branch's (pg-register): until it lands, the
      // same households and residents go in through their entities.
      const at = v.core.nowIso();
      await v.core.services.db.write(async (m) => {
        for (let i = 0; i < 8; i++) {
          const id = randomUUID();
          homes.push(id);
          await m.insert(HouseholdEntity, {
            id,
            unitId: u.id,
            room: `${i + 1}01`,
            address: `第一网格4号楼1单元${i + 1}01`,
            residenceType: 'own',
            headResidentId: null,
            note: null,
            reviewStatus: 'approved',
            status: 'active',
            createdAt: at,
            updatedAt: at,
          });
        }
        for (const [i, r] of rows.entries()) {
          const nullable = { gender: null, birthDate: null, ethnicity: null, politicalStatus: null, education: null, occupation: null, employer: null };
          await m.insert(ResidentEntity, {
            ...nullable,
            ...{ hukouPlace: null, moveInDate: null, relationToHead: null, maritalStatus: null, health: null, disability: null, medicalInsurance: null },
            ...{ socialInsurance: null, subsistence: null, familyPlanning: null, notes: null, statusOn: null },
            id: randomUUID(),
            householdId: homes[i % 8],
            name: String(r.name),
            namePinyin: `p${i}`,
            nameInitials: `p${i}`,
            citizenId: String(r.citizenId),
            phone: String(r.phone),
            residentType: 'registered',
            specialCategories: '[]',
            reviewStatus: 'approved',
            status: 'active',
            createdAt: at,
            updatedAt: at,
          });
        }
      });
    }
    const loc = await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' });
    const rec = await v.ok<{ id: string }>('admin', 'records.create', {
      locationId: loc.id,
      title: '借阅档案',
      residentClass: 'registered',
      contentCategory: 'basic',
      carrier: 'both',
      pages: 3,
      year: 2025,
      sensitivity: 'internal',
      retentionClass: 'D30',
    });
    await v.ok('admin', 'attachments.add', {
      recordId: rec.id,
      fileName: '居民证明.pdf',
      mime: 'application/pdf',
      dataBase64: Buffer.from(`%PDF-1.4 ${rows[0].name} ${rows[0].citizenId}`).toString('base64'),
    });
    await v.userWithRole('keeper', 'keeper');
    await v.ok('keeper', 'lending.checkout', {
      kind: 'borrow',
      borrower: {
        kind: 'external',
        name: '孙调查',
        idNumber: '110105199001011232',
        organisation: '区民政局',
        letterNo: '民介字〔2026〕18号',
        phone: '13612345678',
      },
      approval: { mode: 'confirmed', username: ADMIN.username, password: ADMIN.password, opinion: '同意' },
      purpose: '低保核查',
      pagesConfirmed: true,
      recordIds: [rec.id],
    });
    const db = v.core.services.db;
    before = await countTables(db.manager);
    sample = await rowsOf(db, SAMPLED);
    secrets = await db.write((m) => loadVaultSecrets(m, randomBytes, v.core.vaultKey));
    auditBefore = (await rowsOf(db, ['audit_log'])).audit_log;
    backup = join(out, `from-${TEST_ENGINE}.arbak`);
    report = await v.ok<BackupReport>('admin', 'backup.create', { path: backup });
  }, 180_000);

  afterAll(async () => {
    await v.destroy();
    await cluster?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  /** Opens a restored folder's tables directly with the vault key (no sign-in, so nothing is added). */
  const openRestored = (dir: string) => Database.open(storedTarget(vaultPaths(dir)), v.core.vaultKey);

  const expectSame = async (dir: string, restoreEntries: number) => {
    const db = await openRestored(dir);
    try {
      const got = await countTables(db.manager);
      for (const t of Object.keys(before)) if (!MOVING.has(t)) expect(got[t], t).toBe(before[t]);
      expect(got.residents).toBe(40);
      // The backup's own entry is after the snapshot; each restore adds its entry inside the copy.
      expect(got.audit_log).toBe(report.checks.auditEntries + restoreEntries);
      expect(await rowsOf(db, SAMPLED)).toEqual(sample);
      // The vault's secrets: sealed on PostgreSQL, plain in SQLCipher's file; the same keys either way.
      expect(await db.write((m) => loadVaultSecrets(m, randomBytes, v.core.vaultKey))).toEqual(secrets);
      const trail = (await rowsOf(db, ['audit_log'])).audit_log;
      expect(trail.slice(0, auditBefore.length)).toEqual(auditBefore);
    } finally {
      await db.close();
    }
  };

  it(`backs up the ${TEST_ENGINE} archive, verified, with no resident in the clear`, () => {
    expect(report.verified).toBe(true);
    expect(report.checks).toMatchObject({ manifest: true, hashes: true, integrity: 'ok', auditChain: true });
    expect(report.attachments).toBe(1);
    const bytes = readFileSync(backup);
    for (const r of rows) for (const needle of [String(r.name), String(r.citizenId)]) expect(bytes.includes(Buffer.from(needle, 'utf8'))).toBe(false);
  });

  let there = '';
  it(`restores into ${other} (the CLI's restore), every count and sampled row equal, and its verify sound`, async () => {
    there = join(out, 'there');
    const db = other === 'postgres' ? newDatabase() : undefined;
    const r = cli(['restore', backup, '--data-dir', there, '--user', ADMIN.username], db ? { ARCHIVE_ROOM_DB: db } : { ARCHIVE_ROOM_DB: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('40 居民 residents');
    expect(
      readdirSync(there)
        .filter((f) => !LOCK_FILES.includes(f))
        .sort(),
    ).toEqual(other === 'postgres' ? ['attachments', 'database.json', 'keyring.json'] : ['archive.db', 'attachments', 'keyring.json']);
    expect(storedTarget(vaultPaths(there)).engine).toBe(other);
    await expectSame(there, 1);
    const verify = cli(['verify', '--user', ADMIN.username, '--data-dir', there]);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('完好 / sound');
    expect(verify.stdout).toContain('attachments ok (1)');
  });

  it(`and back: a backup of the ${other} archive restores into ${TEST_ENGINE}, equal again`, async () => {
    const core = new ArchiveCore({ dataDir: there });
    let back: string;
    try {
      await core.signIn('c', ADMIN.username, ADMIN.password);
      back = join(out, `from-${other}.arbak`);
      const r = await createBackup(core, { username: ADMIN.username }, back);
      expect(r.verified).toBe(true);
    } finally {
      await core.close();
    }
    const home = join(out, 'home');
    const db = TEST_ENGINE === 'postgres' ? newDatabase() : undefined;
    const r = await restoreBackup(back, home, ADMIN.username, ADMIN.password, undefined, undefined, { database: db });
    expect(r.engine).toBe(TEST_ENGINE);
    expect(r.stats.residents).toBe(40);
    const restored = new ArchiveCore({ dataDir: home });
    try {
      await restored.signIn('c', ADMIN.username, ADMIN.password);
      expect((await restored.services.audit.verify()).ok).toBe(true);
      const [att] = sample.attachments as { id: string }[];
      expect((await restored.services.attachments.verify(att.id)).ok).toBe(true);
    } finally {
      await restored.close();
    }
    // The trail carries both restores, each as the entry right after its backup's snapshot.
    const dbh = await openRestored(home);
    try {
      const trail = (await rowsOf(dbh, ['audit_log'])).audit_log as { action: string }[];
      expect(trail.filter((e) => e.action === 'backup.restore').length).toBe(2);
    } finally {
      await dbh.close();
    }
  });

  it('refuses a damaged backup or a database in use with the reason in both languages, and leaves nothing half-written', async () => {
    const bytes = readFileSync(backup);
    const bad = Buffer.from(bytes);
    bad[Math.floor(bytes.length / 3)] ^= 0x01;
    const f = join(out, 'bad.arbak');
    writeFileSync(f, bad);
    const db = newDatabase();
    const dir = join(out, 'bad');
    const err = await restoreBackup(f, dir, ADMIN.username, ADMIN.password, undefined, undefined, { database: db }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'DB_DAMAGED',
      zh: expect.stringMatching(/^备份文件不可用：/),
      en: expect.stringMatching(/^The backup cannot be used: /),
    });
    expect(existsSync(join(dir, 'keyring.json'))).toBe(false);
    const ds = new DataSource({ ...(await postgresOptions(db)), entities: ENTITIES });
    await ds.initialize();
    try {
      expect(await dialectOf(ds).isEmpty(ds)).toBe(true);
    } finally {
      await ds.destroy();
    }
    // A database that already holds an archive is never written into.
    const used = newDatabase();
    const first = join(out, 'used-1');
    await restoreBackup(backup, first, ADMIN.username, ADMIN.password, undefined, undefined, { database: used });
    const second = join(out, 'used-2');
    await expect(restoreBackup(backup, second, ADMIN.username, ADMIN.password, undefined, undefined, { database: used })).rejects.toMatchObject({
      code: 'CONFLICT',
      zh: expect.stringContaining('恢复只能写入空的 PostgreSQL 数据库'),
      en: expect.stringContaining('A restore only goes into an empty PostgreSQL database'),
    });
    expect(existsSync(second) ? readdirSync(second) : []).toEqual([]);
  });
});
