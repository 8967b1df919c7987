import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { dispatch } from '../../electron/ipc/dispatch';
import { handlers } from '../../electron/ipc/handlers';
import { startOfficeServer, type OfficeServer } from '../../electron/office/office-server';
import { OfficeClient } from '../../electron/office/pinned-client';
import { loadOrCreateIdentity } from '../../electron/office/tls-cert';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { tempDir, testDatabase, TEST_ENGINE } from '../helpers/vault-fixture';

const ADMIN_PW = 'Office-admin-2026';
const TEMP = 'Keeper-temp-2026';
const PW = 'Keeper-final-2026';

type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; zh: string } };
async function ok<T>(c: OfficeClient, channel: string, req: unknown = {}): Promise<T> {
  const r = (await c.call<T>(channel, req)) as R<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.zh}`);
  return r.value;
}

/**
 * Print jobs and imports started from an office client run on the server; their progress and
 * result belong to the user who started them on that PC. Another keeper (on another PC, or on the
 * same PC after a change of user) asking for the job by its id is told there is no such job, and
 * cannot cancel it.
 */
describe('office server: jobs belong to the user who started them', () => {
  const root = tempDir('archive-office-jobs-');
  const dataDir = join(root, 'data');
  let core: ArchiveCore;
  let server: OfficeServer;
  const clients: OfficeClient[] = [];
  const pc = (name: string) => {
    const c = new OfficeClient({ url: server.url, fingerprint: server.fingerprint, clientName: name });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    // In the postgres project the tables go into a database of the run's cluster (vault-fixture.ts).
    const setup = new ArchiveCore({ dataDir, database: testDatabase() });
    await setup.setup({ communityName: '幸福社区', username: 'admin', displayName: '王主任', password: ADMIN_PW }, 'setup');
    for (const [username, displayName] of [
      ['keeper_a', '甲档案员'],
      ['keeper_b', '乙档案员'],
    ]) {
      const r = await dispatch(setup, handlers, { trusted: true, clientId: 'setup' }, 'users.create', {
        username,
        displayName,
        role: 'keeper',
        password: TEMP,
      });
      expect(r.ok).toBe(true);
    }
    expect(setup.services.db.dialect.kind, "the archive lives in this project's engine").toBe(TEST_ENGINE);
    await setup.close();
    mkdirSync(join(root, 'renderer'));
    writeFileSync(join(root, 'renderer', 'index.html'), '<html>app</html>');
    core = new ArchiveCore({ dataDir, office: true });
    server = await startOfficeServer({ core, rendererDir: join(root, 'renderer'), identity: loadOrCreateIdentity(dataDir) });
    const admin = pc('管理员电脑');
    await ok(admin, 'auth.signIn', { username: 'admin', password: ADMIN_PW });
    for (const username of ['keeper_a', 'keeper_b']) {
      const k = pc('设置');
      await ok(k, 'auth.signIn', { username, password: TEMP });
      await ok(k, 'auth.changePassword', { currentPassword: TEMP, newPassword: PW });
      await ok(k, 'auth.signOut');
    }
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
    await core.close();
  });

  it('a print job: B on another PC, and B on A’s PC after A signs out, get NOT_FOUND for A’s job and cannot cancel it', async () => {
    const a = pc('档案室电脑');
    const b = pc('前台电脑');
    await ok(a, 'auth.signIn', { username: 'keeper_a', password: PW });
    await ok(b, 'auth.signIn', { username: 'keeper_b', password: PW });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const rec = await ok<{ id: string }>(a, 'records.create', {
        title: `低保申请材料 ${i + 1}`,
        residentClass: 'registered',
        contentCategory: 'basic',
        carrier: 'electronic',
        pages: 4,
        year: 2025,
        sensitivity: 'internal',
        retentionClass: 'D30',
        locationId: null,
      });
      ids.push(rec.id);
    }
    const job = await ok<{ id: string }>(a, 'print.startCovers', { scope: { kind: 'records', ids }, options: {} });

    for (const channel of ['print.job', 'print.cancel']) {
      const r = (await b.call(channel, { id: job.id })) as R<unknown>;
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }

    // A leaves the desk; B signs in at the same PC (same browser, same cookie): still not B's job.
    await ok(a, 'auth.signOut');
    await ok(a, 'auth.signIn', { username: 'keeper_b', password: PW });
    for (const channel of ['print.job', 'print.cancel']) {
      const r = (await a.call(channel, { id: job.id })) as R<unknown>;
      expect(r, `${channel} as keeper_b on A's PC`).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }

    // A, back at the desk, gets the covers: the job ran on untouched (nobody could cancel it).
    await ok(a, 'auth.signOut');
    await ok(a, 'auth.signIn', { username: 'keeper_a', password: PW });
    let view: { state: string; pdf: { pages: number } | null } = { state: 'running', pdf: null };
    for (let i = 0; i < 200 && view.state === 'running'; i++) {
      view = await ok(a, 'print.job', { id: job.id });
      if (view.state === 'running') await new Promise((r) => setTimeout(r, 100));
    }
    expect(view.state).toBe('done');
    expect(view.pdf!.pages).toBeGreaterThanOrEqual(3);
  });

  // Imports run on the one job runner (services/jobs.ts), owned by the user who started them.
  it('an import job: B on another PC gets NOT_FOUND for A’s import and cannot cancel it', async () => {
    const a = pc('档案室电脑');
    const b = pc('前台电脑');
    await ok(a, 'auth.signIn', { username: 'keeper_a', password: PW });
    await ok(b, 'auth.signIn', { username: 'keeper_b', password: PW });
    const sheet = Buffer.from(toCsv(communityRows(200, 7, 300000)), 'utf8').toString('base64');
    const { jobId } = await ok<{ jobId: string }>(a, 'importer.start', { fileName: '花名册.csv', dataBase64: sheet });
    for (const channel of ['importer.job', 'importer.cancel']) {
      const r = (await b.call(channel, { jobId })) as R<unknown>;
      expect(r, channel).toMatchObject({ ok: false });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain((r as { error: { code: string } }).error.code);
    }
    let state = 'running';
    for (let i = 0; i < 600 && state === 'running'; i++) {
      state = (await ok<{ state: string }>(a, 'importer.job', { jobId })).state;
      if (state === 'running') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('done');
  });
});
