import type { ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { integrityCheck } from '../../electron/db/dialect';
import { OfficeClient } from '../../electron/office/pinned-client';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { exited, serveChild } from '../helpers/serve-child';
import { tempDir } from '../helpers/vault-fixture';

const ADMIN = { username: 'admin', password: 'Office-admin-2026' };
const ROWS = 12_000;

async function ok<T>(c: OfficeClient, channel: string, req: unknown = {}): Promise<T> {
  const r = await c.call<T>(channel, req);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.zh}`);
  return r.value;
}

/**
 * #18 Faults: the office server is killed (SIGKILL, as a power cut) while a client's import is
 * being committed. After a restart and an administrator's unlock the trail verifies, the file is
 * sound, and the import is there whole or not at all. The kill is sent only once the job has
 * reported progress inside the commit (its own counter, read over the wire): that is where it landed.
 */
describe('office server killed during a client import', () => {
  const root = tempDir('archive-office-kill-');
  const template = join(root, 'template');
  const sheet = Buffer.from(toCsv(communityRows(ROWS, 41, 200000)), 'utf8').toString('base64');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const core = new ArchiveCore({ dataDir: template });
    await core.setup({ communityName: '幸福社区', username: ADMIN.username, displayName: '王主任', password: ADMIN.password }, 'setup');
    await core.close();
  });
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('kill -9 mid-commit: after restart and unlock, verify is sound and the import is whole or absent', async () => {
    const dir = join(root, 'office');
    cpSync(template, dir, { recursive: true });
    const first = await serveChild(dir);
    children.push(first.child);
    const pc = new OfficeClient({ url: first.url, fingerprint: first.fingerprint, clientName: '档案室电脑' });
    await ok(pc, 'auth.signIn', ADMIN);
    const { jobId } = await ok<{ jobId: string }>(pc, 'importer.start', { fileName: '花名册.csv', dataBase64: sheet });
    // Watch the job's own counter; kill once it is inside the commit (some rows written, not all).
    let landed: { done: number; total: number } | null = null;
    for (let i = 0; i < 2000 && !landed; i++) {
      const job = await ok<{ state: string; progress: { done: number; total: number } }>(pc, 'importer.job', { jobId });
      if (job.state !== 'running') throw new Error(`the import ended (${job.state}) before the kill: make the sheet longer`);
      if (job.progress.done > 0 && job.progress.done < job.progress.total) landed = job.progress;
    }
    first.child.kill('SIGKILL');
    await exited(first.child);
    pc.close();
    expect(landed, 'the kill landed inside the commit').not.toBeNull();
    expect(landed!.done).toBeLessThan(landed!.total);

    // Restart: locked until the administrator signs in; then the trail verifies from the server.
    const second = await serveChild(dir);
    children.push(second.child);
    expect(second.fingerprint).toBe(first.fingerprint);
    const again = new OfficeClient({ url: second.url, fingerprint: second.fingerprint });
    expect((await again.call('auth.status')).ok).toBe(true);
    await ok(again, 'auth.signIn', ADMIN);
    const verify = await ok<{ ok: boolean }>(again, 'audit.verify', { full: true });
    expect(verify.ok).toBe(true);
    again.close();
    second.child.kill('SIGTERM');
    await exited(second.child);

    // The file itself: sound, and the residents all there or none.
    const core = new ArchiveCore({ dataDir: dir });
    try {
      await core.signIn('check', ADMIN.username, ADMIN.password);
      expect(await integrityCheck(core.services.db.ds)).toBe('ok');
      const [{ n }] = (await core.services.db.manager.query('SELECT count(*) AS n FROM residents')) as { n: number }[];
      expect([0, ROWS]).toContain(Number(n));
      console.log(`office kill: landed at ${landed!.done}/${landed!.total} of the commit; residents after restart: ${n}`);
    } finally {
      await core.close();
    }
  }, 240_000);
});
