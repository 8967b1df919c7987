import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { dialectOf } from '../../electron/db/engine';
import { STEPS, type Marker, type Step } from '../helpers/destruction-steps';
import { ADMIN, copyArchive, PASSWORD, tempDir, TestVault } from '../helpers/vault-fixture';

/** test/helpers/destruction-child.ts, built by test/setup/fresh-build.ts: plain Node starts it, no TypeScript loader. */
const CHILD = join(__dirname, '../../out-test/children/destruction-child.cjs');
const EXEC = { time: '2026-06-18 10:00', place: '社区档案室', methods: ['shred', 'key_destruction'] as ('shred' | 'key_destruction')[] };

interface ChildRun {
  marker: Marker | null;
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the child on `dataDir` until it reports (marker file) that it stands at `step`, then
 * SIGKILLs it: the child blocks its thread at the step, so the kill lands exactly there.
 * With step 'none' the child runs to the end.
 */
function runChild(dataDir: string, batchId: string, user: string, step: Step | 'none'): Promise<ChildRun> {
  const markerFile = join(dataDir, '..', `${step}-${process.hrtime.bigint()}.marker.json`);
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CHILD, dataDir, batchId, user, step, markerFile], {
      env: { ...process.env, ARCHIVE_ROOM_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let marker: Marker | null = null;
    c.stdout.on('data', (d) => (stdout += String(d)));
    c.stderr.on('data', (d) => (stderr += String(d)));
    const poll = setInterval(() => {
      if (marker || !existsSync(markerFile)) return;
      marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
      if (step !== 'none') c.kill('SIGKILL');
    }, 10);
    c.on('exit', (code, signal) => {
      clearInterval(poll);
      if (!marker && existsSync(markerFile)) marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
      rmSync(markerFile, { force: true });
      resolve({ marker, signal, code, stdout, stderr });
    });
  });
}

/** Where each kill lands, what the child must have done by then, and what a restart must find. */
const AT: Record<Step, { outcome: 'untouched' | 'executed'; recordsAudited: number; filesRemoved: number; filesOnDiskAtKill: number }> = {
  'before-transaction': { outcome: 'untouched', recordsAudited: 0, filesRemoved: 0, filesOnDiskAtKill: 6 },
  'mid-transaction': { outcome: 'untouched', recordsAudited: 3, filesRemoved: 0, filesOnDiskAtKill: 6 },
  'before-commit': { outcome: 'untouched', recordsAudited: 6, filesRemoved: 0, filesOnDiskAtKill: 6 },
  'after-commit': { outcome: 'executed', recordsAudited: 6, filesRemoved: 0, filesOnDiskAtKill: 6 },
  'mid-shred': { outcome: 'executed', recordsAudited: 6, filesRemoved: 3, filesOnDiskAtKill: 3 },
  'before-queue-cleared': { outcome: 'executed', recordsAudited: 6, filesRemoved: 6, filesOnDiskAtKill: 0 },
};

/**
 * A destruction killed at each step of its execution (SIGKILL, no chance to clean up) leaves, after
 * the next sign-in, either the whole destruction or none of it: never half the records, a key
 * without its file or a file without its key, and always a sound database and audit chain.
 */
describe('destruction survives a kill at every step of its execution', () => {
  const template = new TestVault();
  let batchId = '';
  let keeper = '';
  const recordIds: string[] = [];
  const attachmentIds: string[] = [];
  const filesIn = (dir: string) => attachmentIds.filter((a) => existsSync(join(dir, 'attachments', `${a}.enc`))).length;
  /** Files named for the batch's attachments anywhere in the data folder (orphaned/ included): a destroyed file is gone, not moved. */
  const anywhere = (dir: string) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => attachmentIds.some((a) => f.split('/').pop()!.startsWith(a)))
      .sort();

  beforeAll(async () => {
    template.clock.advance(new Date(2026, 5, 18, 9, 0).getTime() - Date.now());
    await template.setup();
    keeper = await template.userWithRole('keeper', 'keeper');
    await template.userWithRole('admin', 'admin2');
    const s1 = await template.userWithRole('auditor', 's1');
    const s2 = await template.userWithRole('auditor', 's2');
    const loc = await template.ok<{ id: string }>('admin', 'locations.save', { room: '库房', cabinet: '1', shelf: '1', box: '1' });
    for (let i = 0; i < 6; i++) {
      const r = await template.ok<{ id: string }>('admin', 'records.create', {
        title: `期满档案${i}`,
        residentClass: 'registered',
        contentCategory: 'living',
        carrier: 'both',
        pages: 5,
        year: 2010,
        sensitivity: 'internal',
        retentionClass: 'D10',
        locationId: loc.id,
      });
      recordIds.push(r.id);
      const a = await template.ok<{ id: string }>('admin', 'attachments.add', {
        recordId: r.id,
        fileName: `扫描${i}.pdf`,
        mime: 'application/pdf',
        dataBase64: Buffer.alloc(200_000, i).toString('base64'),
      });
      attachmentIds.push(a.id);
    }
    const b = await template.ok<{ id: string }>('keeper', 'destruction.propose', { items: recordIds.map((recordId) => ({ recordId, reason: '保管期满' })) });
    batchId = b.id;
    await template.ok('admin2', 'destruction.approve', { id: batchId, opinion: '同意' });
    await template.ok('keeper', 'destruction.confirmSupervisor', { id: batchId, username: s1, password: PASSWORD });
    await template.ok('keeper', 'destruction.confirmSupervisor', { id: batchId, username: s2, password: PASSWORD });
    await template.close();
    expect(filesIn(template.dataDir)).toBe(6);
  }, 120_000);
  afterAll(() => rmSync(template.dataDir, { recursive: true, force: true }));

  /** What the vault holds of the batch's execution. */
  async function stateOf(core: ArchiveCore) {
    const m = core.services.db.manager;
    const one = async (sql: string, params: unknown[] = []) => Number((await m.query(sql, params))[0].n);
    const [{ status }] = await m.query('SELECT status FROM destruction_batches WHERE id = ?', [batchId]);
    return {
      status: String(status),
      destroyed: await one("SELECT count(*) AS n FROM archive_records WHERE status = 'destroyed'"),
      tombstones: await one('SELECT count(*) AS n FROM tombstones WHERE batch_id = ?', [batchId]),
      attachmentRows: await one('SELECT count(*) AS n FROM attachments'),
      shredQueue: await one('SELECT count(*) AS n FROM shred_queue'),
      auditedRecords: await one("SELECT count(*) AS n FROM audit_log WHERE action = 'destruction.record'"),
      auditedExecutions: await one("SELECT count(*) AS n FROM audit_log WHERE action = 'destruction.execute'"),
    };
  }

  it('an uninterrupted run passes every step in order and ends executed', async () => {
    const dir = tempDir('destroy-full-');
    copyArchive(template.dataDir, dir);
    const run = await runChild(dir, batchId, keeper, 'none');
    expect(run.stderr).toBe('');
    expect({ code: run.code, signal: run.signal, done: run.stdout.includes('DONE') }).toEqual({ code: 0, signal: null, done: true });
    expect(run.marker).toMatchObject({ step: 'none', passed: [...STEPS], recordsAudited: 6, filesRemoved: 6 });
    expect(anywhere(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it.each(STEPS)(
    'killed at %s: after a restart the destruction is all there or not there at all',
    async (step) => {
      const want = AT[step];
      const dir = tempDir('destroy-kill-');
      copyArchive(template.dataDir, dir);
      const run = await runChild(dir, batchId, keeper, step);

      // The kill landed where intended: the child stood at `step` (having passed exactly the steps
      // before it, with the work the step implies), and died of the SIGKILL, not of its own accord.
      expect(run.stderr).toBe('');
      expect(run.marker, 'the child never reached the step').not.toBeNull();
      expect(run.marker).toMatchObject({
        step,
        passed: STEPS.slice(0, STEPS.indexOf(step) + 1),
        recordsAudited: want.recordsAudited,
        filesRemoved: want.filesRemoved,
      });
      expect({ signal: run.signal, done: run.stdout.includes('DONE') }).toEqual({ signal: 'SIGKILL', done: false });
      expect(filesIn(dir), 'ciphertext files on disk at the kill').toBe(want.filesOnDiskAtKill);

      // The restart: the first sign-in opens the vault (and finishes a committed destruction's file removal).
      const core = new ArchiveCore({ dataDir: dir });
      try {
        await core.signIn('check', ADMIN.username, ADMIN.password);
        const state = await stateOf(core);
        if (want.outcome === 'executed') {
          // Committed: the restart removed the queued ciphertext; nothing of the records is left.
          expect(state).toEqual({ status: 'executed', destroyed: 6, tombstones: 6, attachmentRows: 0, shredQueue: 0, auditedRecords: 6, auditedExecutions: 1 });
          expect(anywhere(dir), 'ciphertext of a destroyed record left in the data folder').toEqual([]);
        } else {
          // Not committed: not one record, key, file or audit entry of the execution remains.
          expect(state).toEqual({ status: 'approved', destroyed: 0, tombstones: 0, attachmentRows: 6, shredQueue: 0, auditedRecords: 0, auditedExecutions: 0 });
          expect(filesIn(dir)).toBe(6);
          expect(anywhere(dir)).toHaveLength(6);
          for (const id of attachmentIds) expect((await core.services.attachments.verify(id)).ok, `attachment ${id} opens`).toBe(true);
        }
        expect(await dialectOf(core.services.db.ds).integrityCheck(core.services.db.ds)).toBe('ok');
        expect((await core.services.audit.verify()).ok).toBe(true);
        if (want.outcome === 'untouched') {
          // And the batch is not wedged: the keeper signs in (their key signs the entries) and executes it, completely.
          await core.signIn('keeper', keeper, PASSWORD);
          await core.services.destruction.execute({ username: keeper }, batchId, EXEC);
          expect(await stateOf(core)).toEqual({
            status: 'executed',
            destroyed: 6,
            tombstones: 6,
            attachmentRows: 0,
            shredQueue: 0,
            auditedRecords: 6,
            auditedExecutions: 1,
          });
          expect(anywhere(dir)).toEqual([]);
          expect((await core.services.audit.verify()).ok).toBe(true);
        }
      } finally {
        await core.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
