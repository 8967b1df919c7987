import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBound, toBound } from '../../electron/services/audit-range';
import { ADMIN, PASSWORD, TestVault } from '../helpers/vault-fixture';

const BIN = join(__dirname, '../../bin/archive-room.cjs');
const run = (args: string[], password: string) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ARCHIVE_ROOM_PASSWORD: password }, input: '' });

describe('archive-room audit export (the real bin, as a child process)', () => {
  const v = new TestVault();
  let auditor = '';
  let clerk = '';
  let day = '';
  beforeAll(async () => {
    await v.setup();
    auditor = await v.userWithRole('auditor', 'auditor');
    clerk = await v.userWithRole('clerk', 'clerk');
    for (let i = 0; i < 12; i++) await v.core.services.audit.record({ actor: 'admin', action: 'record.view', subject: `record:${i}` });
    const d = new Date(v.clock.now());
    day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await v.close(); // the CLI opens the folder itself
  });
  afterAll(() => v.destroy());

  const count = async () => {
    await v.core.signIn('check', ADMIN.username, ADMIN.password);
    const tz = await v.core.services.settings.timeZone();
    const rows = await v.core.services.audit.list({ fromIso: fromBound(day, tz), toIso: toBound(day, tz), limit: 100_000 });
    const last = await v.core.services.audit.list({ action: 'audit.export', limit: 1 });
    await v.close();
    return { rows, last: last[0] };
  };

  it('--help names the command', () => {
    expect(run(['--help'], '').stdout).toContain('audit export --from DATE --to DATE --out FILE.csv|.xlsx');
  });

  it('writes a CSV with every entry in range, then records the export', async () => {
    const out = join(v.dataDir, 'out.csv');
    const r = run(['audit', 'export', '--from', day, '--to', day, '--out', out, '--user', auditor, '--data-dir', v.dataDir], PASSWORD);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/exported \d+ audit entries/);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(statSync(out).mode & 0o077).toBe(0);
    const { rows, last } = await count();
    // Everything before the export's own entry (and the CLI sign-in/out around it) is in the file.
    const before = rows.filter((x) => x.seq < last.seq);
    const fileSeqs = text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    expect(fileSeqs).toEqual(before.map((x) => x.seq).reverse());
    expect(JSON.parse(last.details)).toMatchObject({ via: 'cli', format: 'csv', rows: fileSeqs.length });
    expect(last.actor).toBe(auditor);
  });

  it('writes an XLSX that exceljs reads back', async () => {
    const out = join(v.dataDir, 'out.xlsx');
    const r = run(['audit', 'export', '--from', day, '--to', day, '--out', out, '--user', 'admin', '--data-dir', v.dataDir], ADMIN.password);
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const { last } = await count();
    expect(wb.worksheets[0].rowCount - 1).toBe(JSON.parse(last.details).rows);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('序号 Seq');
  });

  it('a clerk is refused; bad arguments exit 64 without touching the vault', () => {
    const out = join(v.dataDir, 'clerk.csv');
    const r = run(['audit', 'export', '--from', day, '--to', day, '--out', out, '--user', clerk, '--data-dir', v.dataDir], PASSWORD);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not allowed');
    expect(existsSync(out)).toBe(false);
    expect(run(['audit', 'export', '--from', day, '--out', out, '--user', auditor, '--data-dir', v.dataDir], PASSWORD).status).toBe(64);
    expect(
      run(['audit', 'export', '--from', day, '--to', day, '--out', join(v.dataDir, 'x.txt'), '--user', auditor, '--data-dir', v.dataDir], PASSWORD).status,
    ).toBe(64);
    expect(run(['audit', 'export', '--from', '2026-13-01', '--to', day, '--out', out, '--user', auditor, '--data-dir', v.dataDir], PASSWORD).status).toBe(64);
    expect(run(['audit', 'frob', '--data-dir', v.dataDir], PASSWORD).status).toBe(64);
  });
});
