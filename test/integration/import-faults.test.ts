import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { integrityCheck } from '../../electron/db/dialect';
import { runCliChild } from '../helpers/cli-child';
import { rng } from '../helpers/community-generator';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

const RUNS = 20;

async function inspect(dir: string): Promise<{ integrity: string; residents: number; records: number; chain: boolean }> {
  const core = new ArchiveCore({ dataDir: dir });
  try {
    await core.signIn('check', ADMIN.username, ADMIN.password);
    const m = core.services.db.manager;
    const n = async (t: string) => Number((await m.query(`SELECT count(*) AS n FROM ${t}`))[0].n);
    return {
      integrity: await integrityCheck(core.services.db.ds),
      residents: await n('residents'),
      records: await n('archive_records'),
      chain: (await core.services.audit.verify()).ok,
    };
  } finally {
    await core.close();
  }
}

/** SIGKILL the CLI at random points of an import commit: afterwards all rows or none, DB sound. */
describe('import survives a kill at any point', () => {
  const template = new TestVault();
  const work = tempDir('archive-import-kill-');
  const sheet = join(work, 'sheet.csv');
  // Enough rows that the commit spans many kill points; each run re-imports them, so no more than that.
  const ROWS = 1000;

  beforeAll(async () => {
    await template.setup();
    await template.ok('admin', 'tags.list');
    await template.close();
    writeFileSync(sheet, toCsv(communityRows(ROWS, 31, 100000)));
  });
  afterAll(() => {
    rmSync(template.dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it(`≥ ${RUNS} random kills: integrity ok, audit chain ok, row counts before or after`, async () => {
    const probe = join(work, 'probe');
    cpSync(template.dataDir, probe, { recursive: true });
    // --basic-records: a record per person too, so "all or none" covers two tables.
    const full = await runCliChild(['import', sheet, '--basic-records', '--data-dir', probe, '--user', ADMIN.username], ADMIN.password, '提交中', null);
    expect(full.code, full.stderr).toBe(0);
    rmSync(probe, { recursive: true, force: true });

    // Two lanes of kills side by side, each with its own random sequence: the children are
    // separate processes, so the lanes use both cores.
    const seen = { none: 0, all: 0 };
    const lane = async (seed: number, runs: number[]) => {
      const r = rng(seed);
      for (const i of runs) {
        const dir = join(work, `run-${i}`);
        cpSync(template.dataDir, dir, { recursive: true });
        const res = await runCliChild(
          ['import', sheet, '--basic-records', '--data-dir', dir, '--user', ADMIN.username],
          ADMIN.password,
          '提交中',
          Math.floor(r() * full.workMs * 1.1),
        );
        const s = await inspect(dir);
        expect(s.integrity, `run ${i}`).toBe('ok');
        expect(s.chain, `run ${i}`).toBe(true);
        expect([0, ROWS], `run ${i} residents`).toContain(s.residents);
        expect(s.records, `run ${i} records`).toBe(s.residents);
        if (!res.killed) expect(s.residents).toBe(ROWS);
        seen[s.residents === 0 ? 'none' : 'all']++;
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const all = Array.from({ length: RUNS }, (_, i) => i);
    await Promise.all([
      lane(
        88,
        all.filter((i) => i % 2 === 0),
      ),
      lane(
        89,
        all.filter((i) => i % 2 === 1),
      ),
    ]);
    expect(seen.none + seen.all).toBe(RUNS);
    // The kill points must have landed inside the commit at least sometimes.
    expect(seen.none).toBeGreaterThan(0);
  }, 900_000);
});
