import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupReport } from '../../shared/contract/data.contract';
import { restoreBackup } from '../../electron/backup/restore';
import { ArchiveCore } from '../../electron/core/archive-core';
import { integrityCheck } from '../../electron/db/dialect';
import { importJobs } from '../../electron/import/import-jobs';
import { runCliChild } from '../helpers/cli-child';
import { rng } from '../helpers/community-generator';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

const RUNS = 20;
const ROWS = 200;

async function residentsIn(dir: string): Promise<{ integrity: string; residents: number }> {
  const core = new ArchiveCore({ dataDir: dir });
  try {
    await core.signIn('check', ADMIN.username, ADMIN.password);
    const [{ n }] = await core.services.db.manager.query('SELECT count(*) AS n FROM residents');
    return { integrity: await integrityCheck(core.services.db.ds), residents: Number(n) };
  } finally {
    await core.close();
  }
}

/**
 * SIGKILL the CLI during backups and restores: no partial backup passes, no half archive appears.
 * The two kill loops run side by side (their files never meet): each waits on its own children,
 * so together they keep both cores busy instead of one loop after the other.
 */
describe.concurrent('backup and restore survive a kill at any point', () => {
  const template = new TestVault();
  const work = tempDir('archive-backup-kill-');
  let good = '';

  beforeAll(async () => {
    await template.setup();
    await template.ok('admin', 'tags.list');
    await importJobs(template.core).wait(importJobs(template.core).start({ username: 'admin' }, 'a.csv', Buffer.from(toCsv(communityRows(ROWS, 41, 110000)))));
    const rec = await template.ok<{ id: string }>('admin', 'records.create', {
      title: '扫描件',
      residentClass: 'registered',
      contentCategory: 'living',
      carrier: 'electronic',
      pages: 1,
      year: 2026,
      sensitivity: 'internal',
      retentionClass: 'Y',
    });
    await template.ok('admin', 'attachments.add', {
      recordId: rec.id,
      fileName: 'scan.pdf',
      mime: 'application/pdf',
      dataBase64: Buffer.alloc(3_000_000, 7).toString('base64'),
    });
    good = join(work, 'good.arbak');
    await template.ok<BackupReport>('admin', 'backup.create', { path: good });
    await template.close();
  }, 120_000);
  afterAll(() => {
    rmSync(template.dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  const WRITING = '正在写入备份文件';
  const VERIFYING = '正在校验备份';

  it(`backup: ≥ ${RUNS} kills; a finished file restores, a partial one is refused, the archive stays sound`, async () => {
    const r = rng(5);
    const probeOut = join(work, 'probe.arbak');
    // Kills land while the backup file is being written (the CLI names that step), so the test
    // really meets half-written files instead of hoping a random moment falls inside that window.
    const full = await runCliChild(
      ['backup', '--out', probeOut, '--data-dir', template.dataDir, '--user', ADMIN.username],
      ADMIN.password,
      WRITING,
      null,
      VERIFYING,
    );
    expect(full.code, full.stderr).toBe(0);
    expect(full.untilMs, 'the CLI names the write and verify steps').not.toBeNull();
    rmSync(probeOut);
    let refused = 0;
    for (let i = 0; i < RUNS; i++) {
      const dir = join(work, `src-${i}`);
      cpSync(template.dataDir, dir, { recursive: true });
      const out = join(work, `b-${i}.arbak`);
      await runCliChild(['backup', '--out', out, '--data-dir', dir, '--user', ADMIN.username], ADMIN.password, WRITING, Math.floor(r() * full.untilMs! * 1.1));
      const partials = readdirSync(work).filter((f) => f.startsWith(`b-${i}.arbak.tmp-`));
      for (const p of partials) {
        // Killed between fsync and rename, the temporary file is already whole: then (and only then)
        // it restores completely; anything shorter is refused and leaves no archive behind.
        const res = await restoreBackup(join(work, p), join(work, `rp-${i}`), ADMIN.username, ADMIN.password).then(
          (x) => x,
          (e: Error) => e,
        );
        if (res instanceof Error) {
          refused++;
          expect(existsSync(join(work, `rp-${i}`, 'keyring.json'))).toBe(false);
        } else expect(res.stats.residents).toBe(ROWS);
      }
      // Opening the archive again clears the killed backup's temporary file (it was never reported good).
      expect(await residentsIn(dir)).toEqual({ integrity: 'ok', residents: ROWS });
      expect(readdirSync(work).filter((f) => f.startsWith(`b-${i}.arbak.tmp-`))).toEqual([]);
      if (existsSync(out)) {
        const rep = await restoreBackup(out, join(work, `rf-${i}`), ADMIN.username, ADMIN.password);
        expect(rep.stats.residents).toBe(ROWS);
      }
      for (const f of readdirSync(work)) if (f.startsWith('r') && f.endsWith(`-${i}`)) rmSync(join(work, f), { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { force: true });
    }
    expect(refused, 'some kills must have cut a backup short').toBeGreaterThan(0);
  }, 900_000);

  it(`restore: ≥ ${RUNS} kills; the folder is no archive or the whole one, and a retry succeeds`, async () => {
    const r = rng(6);
    const probe = join(work, 'probe-restore');
    const full = await runCliChild(['restore', good, '--data-dir', probe, '--user', ADMIN.username], ADMIN.password, '正在恢复', null);
    expect(full.code, full.stderr).toBe(0);
    rmSync(probe, { recursive: true, force: true });
    const outcomes = { none: 0, whole: 0 };
    for (let i = 0; i < RUNS; i++) {
      const target = join(work, `t-${i}`);
      await runCliChild(['restore', good, '--data-dir', target, '--user', ADMIN.username], ADMIN.password, '正在恢复', Math.floor(r() * full.workMs * 1.1));
      if (existsSync(join(target, 'keyring.json'))) {
        outcomes.whole++;
        expect(await residentsIn(target)).toEqual({ integrity: 'ok', residents: ROWS });
      } else {
        outcomes.none++;
        expect(new ArchiveCore({ dataDir: target }).isSetUp()).toBe(false);
        // What a killed restore leaves is debris the next restore clears away.
        if (i % 4 === 0) expect((await restoreBackup(good, target, ADMIN.username, ADMIN.password)).stats.residents).toBe(ROWS);
      }
      rmSync(target, { recursive: true, force: true });
    }
    expect(outcomes.none).toBeGreaterThan(0);
  }, 900_000);
});
