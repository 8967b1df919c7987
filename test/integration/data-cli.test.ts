import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { runCliChild } from '../helpers/cli-child';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

describe('archive-room import / export / search / backup / restore / verify (child processes)', () => {
  const v = new TestVault();
  const work = tempDir('archive-datacli-');
  const rows = communityRows(30, 12, 90000);
  const run = (args: string[], pw = ADMIN.password) => runCliChild([...args, '--data-dir', v.dataDir, '--user', 'admin'], pw, '\u0000', null);
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    await v.close();
  });
  afterAll(() => {
    rmSync(v.dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('import: bad rows → exit 2 and the report on stdout naming the row; clean sheet imports', async () => {
    const bad = communityRows(3, 12, 90000);
    bad[1].citizenId = '1.10105E+17';
    writeFileSync(join(work, 'bad.csv'), toCsv(bad));
    const r = await run(['import', join(work, 'bad.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('row 3');
    expect(r.stdout).toContain('科学计数法');
    writeFileSync(join(work, 'good.csv'), toCsv(rows));
    const dry = await run(['import', join(work, 'good.csv'), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('30 居民 residents');
    const ok = await run(['import', join(work, 'good.csv'), '--basic-records']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('30 新居民 new');
  });

  it('print covers --all writes one PDF with a page per record; bad arguments exit 64', async () => {
    const pdfFile = join(work, 'covers.pdf');
    const r = await run(['print', 'covers', '--all', '--out', pdfFile, '--bw']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('30 份封面');
    const { pdfPageCount, pdfText } = await import('../helpers/pdf-tools');
    const pdf = readFileSync(pdfFile);
    expect(pdfPageCount(pdf)).toBe(30);
    expect(pdfText(pdf, { first: 1, last: 1 })).toContain('档案封面');
    const bad = await run(['print', 'covers', '--out', pdfFile]);
    expect(bad.code).toBe(64);
  });

  it('export, search --json, verify with attachment fixity', async () => {
    const out = join(work, 'r.xlsx');
    const e = await run(['export', 'residents', '--out', out]);
    expect(e.code, e.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    const s = await run(['search', String(rows[4].citizenId), '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout)[0]).toMatchObject({ kind: 'resident', exact: true });
    const ver = await run(['verify']);
    expect(ver.code, ver.stderr).toBe(0);
    expect(ver.stdout).toContain('attachments ok');
  });

  it('backup, then restore into an empty folder (and not into a full one)', async () => {
    const file = join(work, 'b.arbak');
    const b = await run(['backup', '--out', file]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('verified');
    const target = join(work, 'restored');
    const r = await runCliChild(['restore', file, '--data-dir', target, '--user', 'admin'], ADMIN.password, '\u0000', null);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('30 居民 residents');
    expect(r.stdout).toContain('cannot come back');
    expect(JSON.parse(readFileSync(join(target, 'keyring.json'), 'utf8')).format).toBe('archive-room-keyring');
    const again = await runCliChild(['restore', file, '--data-dir', target, '--user', 'admin'], ADMIN.password, '\u0000', null);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('empty folder');
  });
});
