import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../shared/contract/data.contract';
import { ERROR_MESSAGES } from '../../shared/errors';
import { runCliChild } from '../helpers/cli-child';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { ADMIN, PASSWORD, tempDir, TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

type Entry = { action: string; actor: string; details: Record<string, unknown> };

/**
 * Issue 16: the CLI's commands go through the app's dispatch() with a CLI session, so a refusal,
 * its words and its audit entry, and a command's own audit entry are the app's; `verify` needs
 * audit.verify. Import jobs belong to their starter.
 */
describe('the CLI through dispatch (child processes)', () => {
  const v = new TestVault();
  const work = tempDir('archive-clidispatch-');
  let clerk = '';
  let keeper = '';
  let keeper2 = '';
  const cli = (user: string, args: string[], pw = PASSWORD) => runCliChild([...args, '--data-dir', v.dataDir, '--user', user], pw, '\u0000', null);
  const entries = async (action: string, n: number): Promise<Entry[]> => {
    await v.core.signIn('check', ADMIN.username, ADMIN.password);
    const rows = await v.core.services.audit.list({ action, limit: n });
    return rows.map((r) => ({ action: r.action, actor: r.actor, details: JSON.parse(r.details) as Record<string, unknown> }));
  };

  const poll = async (client: string, jobId: string): Promise<ImportJob> => {
    for (;;) {
      const seen = await v.ok<ImportJob>(client, 'importer.job', { jobId });
      if (seen.state !== 'running') return seen;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** After the CLI held the folder: the app's sessions sign in again. */
  const again = (client: string, username: string) => v.ok(client, 'auth.signIn', { username, password: PASSWORD });

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    clerk = await v.userWithRole('clerk', 'clerk');
    keeper = await v.userWithRole('keeper', 'keeper');
    keeper2 = await v.userWithRole('keeper', 'keeper2');
    const job = await v.ok<{ jobId: string }>('admin', 'importer.start', {
      fileName: 'a.csv',
      dataBase64: Buffer.from(toCsv(communityRows(6, 3, 70000))).toString('base64'),
    });
    expect((await poll('admin', job.jobId)).state).toBe('done');
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    return v.destroy();
  });

  it('a clerk running export or verify is refused with the app’s words; the refusals are audited as the app’s are', async () => {
    const inApp = await v.call('clerk', 'exporter.list', { kind: 'residents', format: 'csv', purpose: '核对', filters: {} });
    expect(inApp).toEqual({ ok: false, error: { code: 'FORBIDDEN', ...ERROR_MESSAGES.FORBIDDEN } });
    await v.close();
    const out = join(work, 'clerk.csv');
    const e = await cli(clerk, ['export', 'residents', '--out', out, '--purpose', '核对']);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`${ERROR_MESSAGES.FORBIDDEN.zh} / ${ERROR_MESSAGES.FORBIDDEN.en}`);
    expect(existsSync(out)).toBe(false);
    const ver = await cli(clerk, ['verify']);
    expect(ver.code).toBe(1);
    expect(ver.stderr).toContain(`${ERROR_MESSAGES.FORBIDDEN.zh} / ${ERROR_MESSAGES.FORBIDDEN.en}`);
    expect(ver.stdout).not.toContain('sound');
    const denied = await entries('access.denied', 3);
    // Newest first: the CLI's verify, the CLI's export, the app's export: one shape for all.
    expect(denied).toEqual([
      { action: 'access.denied', actor: clerk, details: { channel: 'cli.verify' } },
      { action: 'access.denied', actor: clerk, details: { channel: 'exporter.list' } },
      { action: 'access.denied', actor: clerk, details: { channel: 'exporter.list' } },
    ]);
    // An administrator (audit.verify) verifies, and that is audited.
    await v.close();
    const ok = await cli('admin', ['verify'], ADMIN.password);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('sound');
    expect((await entries('cli.verify', 1))[0]).toMatchObject({ actor: 'admin', details: { integrity: 'ok', attachments: 0 } });
  });

  it('a clerk running import --dry-run --map, print covers or backup is refused by the app’s channels, nothing read or written', async () => {
    await v.close();
    const sheet = join(work, 'c.csv');
    writeFileSync(sheet, toCsv(communityRows(2, 1, 71000)));
    const map = join(work, 'c.json');
    writeFileSync(map, JSON.stringify({ 居住类型: { 公租房: '租住' } }));
    const pdf = join(work, 'c.pdf');
    const arbak = join(work, 'c.arbak');
    const runs = [
      await cli(clerk, ['import', sheet, '--dry-run', '--map', map, '--create-missing-tags']),
      await cli(clerk, ['print', 'covers', '--all', '--out', pdf]),
      await cli(clerk, ['backup', '--out', arbak]),
    ];
    for (const r of runs) {
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`${ERROR_MESSAGES.FORBIDDEN.zh} / ${ERROR_MESSAGES.FORBIDDEN.en}`);
      expect(r.stdout).not.toContain('试运行');
    }
    expect(existsSync(pdf)).toBe(false);
    expect(existsSync(arbak)).toBe(false);
    expect(await entries('access.denied', 3)).toEqual([
      { action: 'access.denied', actor: clerk, details: { channel: 'cli.backup' } },
      { action: 'access.denied', actor: clerk, details: { channel: 'cli.coverPages' } },
      { action: 'access.denied', actor: clerk, details: { channel: 'importer.dryRun' } },
    ]);
  });

  it('an audit export from the CLI leaves the entry the app leaves (marked via cli)', async () => {
    await v.close();
    const day = new Date(v.clock.now()).toISOString().slice(0, 10);
    const e = await cli('admin', ['audit', 'export', '--from', day, '--to', day, '--out', join(work, 'a.csv')], ADMIN.password);
    expect(e.code, e.stderr).toBe(0);
    const [fromCli] = await entries('audit.export', 1);
    await v.ok('check', 'audit.export', { from: day, to: day, format: 'csv' });
    const [fromApp] = await entries('audit.export', 1);
    expect(Object.keys(fromCli.details).sort()).toEqual(Object.keys(fromApp.details).sort());
    expect(fromCli).toMatchObject({ action: 'audit.export', actor: 'admin', details: { from: day, to: day, format: 'csv', via: 'cli' } });
    expect(fromApp).toMatchObject({ action: 'audit.export', actor: 'admin', details: { from: day, to: day, format: 'csv', via: 'app' } });
  });

  // Lists and the search box still send SQLite text on PostgreSQL until pg-search ports them.
  it.skipIf(TEST_ENGINE === 'postgres')('an export or a search from the CLI leaves the entry the app leaves (the export marked via cli)', async () => {
    await v.close();
    const out = join(work, 'k.csv');
    const e = await cli(keeper, ['export', 'households', '--out', out, '--purpose', '入户走访']);
    expect(e.code, e.stderr).toBe(0);
    const s = await cli(keeper, ['search', '1号楼']);
    expect(s.code, s.stderr).toBe(0);
    const [fromCli] = await entries('export.list', 1);
    const [searchCli] = await entries('search', 1);
    await again('keeper', keeper);
    await v.ok('keeper', 'exporter.list', { kind: 'households', format: 'csv', purpose: '入户走访', filters: {} });
    await v.ok('keeper', 'search.query', { q: '1号楼' });
    const [fromApp] = await entries('export.list', 1);
    const [searchApp] = await entries('search', 1);
    expect(fromCli).toEqual({ ...fromApp, details: { ...fromApp.details, via: 'cli' } });
    expect(fromApp.details.via).toBe('app');
    expect(searchCli).toEqual(searchApp);
    expect(searchApp.actor).toBe(keeper);
  });

  it('an import job is its starter’s: another keeper can neither read nor cancel it', async () => {
    await again('keeper', keeper);
    await again('keeper2', keeper2);
    const sheet = Buffer.from(toCsv(communityRows(400, 4, 71000))).toString('base64');
    const { jobId } = await v.ok<{ jobId: string }>('keeper', 'importer.start', { fileName: 'b.csv', dataBase64: sheet });
    const notFound = { ok: false, error: { code: 'NOT_FOUND', zh: '未找到该导入任务。', en: 'No such import job.' } };
    expect(await v.call('keeper2', 'importer.job', { jobId })).toEqual(notFound);
    expect(await v.call('keeper2', 'importer.cancel', { jobId })).toEqual(notFound);
    const seen = await poll('keeper', jobId);
    // keeper2's cancel did not stop it: the starter's job ran to its end.
    expect(seen.state).toBe('done');
    expect(seen.report?.counts.residentsCreated).toBe(400);
  });
});
