import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { integrityCheck } from '../../electron/db/dialect';
import { rng } from '../helpers/community-generator';
import { PASSWORD, tempDir, TestVault } from '../helpers/vault-fixture';

const CHILD = join(__dirname, '../helpers/destruction-child.ts');

function runChild(dataDir: string, batchId: string, user: string, killAfterMs: number | null): Promise<{ done: boolean; ms: number; killed: boolean }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const c = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, batchId, user], { env: { ...process.env, ARCHIVE_ROOM_PASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | null = null;
    c.stdout.on('data', (d) => {
      out += String(d);
      // Time the kill from the moment the vault is open, so it lands inside the execution.
      if (killAfterMs !== null && !timer && out.includes('SIGNED-IN')) timer = setTimeout(() => c.kill('SIGKILL'), killAfterMs);
    });
    c.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ done: out.includes('DONE'), ms: Date.now() - t0, killed: signal === 'SIGKILL' });
    });
  });
}

/** Kill the process at random points of an execution; afterwards it is fully done or not started. */
describe('destruction survives a crash at any point', () => {
  const template = new TestVault();
  let batchId = '';
  let keeper = '';
  const recordIds: string[] = [];
  const attachmentIds: string[] = [];

  beforeAll(async () => {
    template.clock.advance(new Date(2026, 5, 18, 9, 0).getTime() - Date.now());
    await template.setup();
    keeper = await template.userWithRole('keeper', 'keeper');
    await template.userWithRole('admin', 'admin2');
    const s1 = await template.userWithRole('auditor', 's1');
    const s2 = await template.userWithRole('auditor', 's2');
    const loc = await template.ok<{ id: string }>('admin', 'locations.save', { room: '库房', cabinet: '1', shelf: '1', box: '1' });
    for (let i = 0; i < 6; i++) {
      const r = await template.ok<{ id: string }>('admin', 'records.create', { title: `期满档案${i}`, residentClass: 'registered', contentCategory: 'living', carrier: 'both', pages: 5, year: 2010, sensitivity: 'internal', retentionClass: 'D10', locationId: loc.id });
      recordIds.push(r.id);
      const a = await template.ok<{ id: string }>('admin', 'attachments.add', { recordId: r.id, fileName: `扫描${i}.pdf`, mime: 'application/pdf', dataBase64: Buffer.alloc(200_000, i).toString('base64') });
      attachmentIds.push(a.id);
    }
    const b = await template.ok<{ id: string }>('keeper', 'destruction.propose', { items: recordIds.map((recordId) => ({ recordId, reason: '保管期满' })) });
    batchId = b.id;
    await template.ok('admin2', 'destruction.approve', { id: batchId, opinion: '同意' });
    await template.ok('keeper', 'destruction.confirmSupervisor', { id: batchId, username: s1, password: PASSWORD });
    await template.ok('keeper', 'destruction.confirmSupervisor', { id: batchId, username: s2, password: PASSWORD });
    await template.close();
  }, 120_000);
  afterAll(() => rmSync(template.dataDir, { recursive: true, force: true }));

  it('≥ 20 random kills: each run is all-or-nothing, integrity ok, audit chain valid', async () => {
    const probe = tempDir('destroy-probe-');
    cpSync(template.dataDir, probe, { recursive: true });
    const full = await runChild(probe, batchId, keeper, null);
    expect(full.done).toBe(true);
    rmSync(probe, { recursive: true, force: true });

    const r = rng(2026);
    const outcomes = { executed: 0, untouched: 0 };
    for (let run = 0; run < 20; run++) {
      const dir = tempDir('destroy-kill-');
      cpSync(template.dataDir, dir, { recursive: true });
      // Kill points spread over the whole execution (sign-in excluded) and a little beyond.
      const res = await runChild(dir, batchId, keeper, Math.floor(r() * full.ms * 0.8));
      const core = new ArchiveCore({ dataDir: dir });
      await core.signIn('check', 'admin', 'Admin-pass-2026');
      const m = core.services.db.manager;
      const [{ status }] = await m.query('SELECT status FROM destruction_batches WHERE id = ?', [batchId]);
      const [{ n: destroyed }] = await m.query("SELECT count(*) AS n FROM archive_records WHERE status = 'destroyed'");
      const [{ n: tombs }] = await m.query('SELECT count(*) AS n FROM tombstones');
      const [{ n: atts }] = await m.query('SELECT count(*) AS n FROM attachments');
      const [{ n: queued }] = await m.query('SELECT count(*) AS n FROM shred_queue');
      const files = attachmentIds.filter((a) => existsSync(join(dir, 'attachments', `${a}.enc`))).length;
      if (status === 'executed') {
        outcomes.executed++;
        expect([destroyed, tombs, atts, queued, files], `run ${run} (killed=${res.killed})`).toEqual([6, 6, 0, 0, 0]);
      } else {
        outcomes.untouched++;
        expect(status).toBe('approved');
        expect([destroyed, tombs, atts, files], `run ${run} (killed=${res.killed})`).toEqual([0, 0, 6, 6]);
        expect((await core.services.attachments.verify(attachmentIds[0])).ok).toBe(true);
      }
      expect(await integrityCheck(core.services.db.ds)).toBe('ok');
      expect((await core.services.audit.verify()).ok).toBe(true);
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`destruction fault runs: ${JSON.stringify(outcomes)}; one full execution ${full.ms} ms`);
    expect(outcomes.executed + outcomes.untouched).toBe(20);
  }, 600_000);
});
