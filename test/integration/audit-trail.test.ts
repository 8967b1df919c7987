import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCheckpoint, AuditCheckpointCheck, AuditFile, AuditRow } from '../../shared/contract/audit.contract';
import type { AuditEntryRecord } from '../../electron/db/entities/audit-entry.entity';
import { parse } from 'csv-parse/sync';
import { csvFile } from '../../electron/export/csv';
import { fromBound, toBound } from '../../electron/services/audit-range';
import { auditMac } from '../../electron/services/audit.service';
import { loadVaultSecrets } from '../../electron/vault/vault-secrets';
import { dropAppendOnly, rawArchive } from '../helpers/raw-archive';
import { ADMIN, PASSWORD, TestVault } from '../helpers/vault-fixture';

/** Raw access as an attacker with the DB key (triggers dropped), as in audit-chain.test.ts. */
async function tamper(v: TestVault, fn: (ds: DataSource) => Promise<void>): Promise<void> {
  const key = Buffer.from(v.core.vaultKey);
  await v.close();
  const ds = await rawArchive(v.core.paths, key);
  await dropAppendOnly(ds);
  await ds.transaction(async (m) => fn(m.connection));
  await ds.destroy();
  await v.core.signIn('admin', ADMIN.username, ADMIN.password);
}

const pdfText = (dir: string, b64: string, name: string) => {
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(b64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};
const localDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

let v: TestVault;
let auditor: string;
let clerk: string;

describe('audit trail: filters, checkpoints, exports, monthly report', () => {
  beforeAll(async () => {
    v = await new TestVault().setup();
    auditor = await v.userWithRole('auditor', 'auditor');
    clerk = await v.userWithRole('clerk', 'clerk');
    const { audit } = v.core.services;
    for (let i = 0; i < 6; i++) await audit.record({ actor: 'admin', action: 'record.view', subject: `record:r${i % 2}`, details: { i } });
    await audit.record({ actor: clerk, action: 'resident.view', subject: 'resident:p1', details: { purpose: '核对' } });
    await v.call('clerk', 'audit.list', {}); // refused: written as access.denied
    // A failed sign-in is flushed into the trail when the vault next opens.
    for (const c of ['admin', 'auditor', 'clerk']) await v.ok(c, 'auth.signOut');
    expect((await v.call('x', 'auth.signIn', { username: 'ghost', password: 'wrong-pass-1' })).ok).toBe(false);
    await v.ok('admin', 'auth.signIn', ADMIN);
    await v.ok('auditor', 'auth.signIn', { username: auditor, password: PASSWORD });
  });
  afterAll(() => v.destroy());

  it('filters by person, action prefix, subject, time range, with paging; bySubject answers "who looked"', async () => {
    const byActor = await v.ok<AuditRow[]>('auditor', 'audit.list', { actor: clerk, limit: 500 });
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((r) => r.actor === clerk)).toBe(true);
    const views = await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'record.', limit: 500 });
    expect(views.map((r) => r.action)).toEqual(Array(6).fill('record.view'));
    expect(await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'record%', limit: 500 })).toEqual([]); // wildcards are literal
    const r0 = await v.ok<AuditRow[]>('auditor', 'audit.list', { subject: 'record:r0', limit: 500 });
    expect(r0).toHaveLength(3);
    const page1 = await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'record.', limit: 4 });
    const page2 = await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'record.', limit: 4, beforeSeq: page1[3].seq });
    const page2b = await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'record.', limit: 4, offset: 4 });
    expect(page2.map((r) => r.seq)).toEqual(page2b.map((r) => r.seq));
    expect([...page1, ...page2].map((r) => r.seq)).toEqual(views.map((r) => r.seq));
    const today = localDate(v.clock.now());
    expect(await v.ok<AuditRow[]>('auditor', 'audit.list', { from: today, to: today, action: 'record.', limit: 500 })).toHaveLength(6);
    expect(await v.ok<AuditRow[]>('auditor', 'audit.list', { to: '2000-01-01', limit: 500 })).toEqual([]);
    const who = await v.ok<AuditRow[]>('auditor', 'audit.bySubject', { subject: 'resident:p1' });
    expect(who.map((r) => [r.actor, r.action])).toEqual([[clerk, 'resident.view']]);
    expect((await v.call('auditor', 'audit.list', { from: '2026-02-30' })).ok).toBe(false);
    expect((await v.call('clerk', 'audit.bySubject', { subject: 'resident:p1' })).ok).toBe(false);
  });

  it("date bounds: a bare date is the whole day in the archive's zone, end inclusive", () => {
    expect([fromBound('2026-03-01', 'Asia/Shanghai'), toBound('2026-03-01', 'Asia/Shanghai')]).toEqual([
      '2026-02-28T16:00:00.000Z',
      '2026-03-01T16:00:00.000Z',
    ]);
    expect([fromBound('2026-03-01', 'UTC'), toBound('2026-03-01', 'UTC')]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z']);
    // A day that loses an hour to summer time is 23 hours long.
    expect([fromBound('2026-03-29', 'Europe/London'), toBound('2026-03-29', 'Europe/London')]).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T23:00:00.000Z',
    ]);
  });

  it('a checkpoint is a one-page PDF with the latest sequence and hash, and is itself audited', async () => {
    const cp = await v.ok<AuditCheckpoint>('auditor', 'audit.checkpoint');
    expect(cp.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cp.chainOk).toBe(true);
    const text = pdfText(v.dataDir, cp.pdfBase64, 'checkpoint.pdf');
    expect(text).toContain('幸福社区');
    expect(text).toContain(`${cp.seq}`);
    expect(text.replace(/\s+/g, '')).toContain(cp.hash);
    expect(text).toContain(auditor);
    expect(execFileSync('pdfinfo', [join(v.dataDir, 'checkpoint.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    const [last] = await v.ok<AuditRow[]>('auditor', 'audit.list', { limit: 1 });
    expect(last).toMatchObject({ seq: cp.seq, action: 'audit.checkpoint', actor: auditor });
  });

  describe('checking against a checkpoint typed back in', () => {
    let cp: AuditCheckpoint;
    beforeAll(async () => {
      cp = await v.ok<AuditCheckpoint>('auditor', 'audit.checkpoint');
      await v.core.services.audit.record({ actor: 'admin', action: 'record.view', subject: 'record:later' });
    });
    // As admin: tamper() reopens the vault and signs only the admin back in.
    const check = (seq: number, hash: string) => v.ok<AuditCheckpointCheck>('admin', 'audit.checkAgainstCheckpoint', { seq, hash });

    it('matches while the trail is intact (spaces and capitals forgiven), and is audited', async () => {
      const typed = cp.hash.toUpperCase().match(/.{8}/g)!.join(' ');
      const r = await check(cp.seq, typed);
      expect(r).toMatchObject({ ok: true, found: true, hashMatches: true, chain: { ok: true, lastSeq: cp.seq } });
      expect(r.latestSeq).toBeGreaterThan(cp.seq);
      const [entry] = await v.ok<AuditRow[]>('admin', 'audit.list', { action: 'audit.checkAgainstCheckpoint', limit: 1 });
      expect(JSON.parse(entry.details)).toMatchObject({ seq: cp.seq, ok: true });
      expect(await check(cp.seq, 'f'.repeat(64))).toMatchObject({ ok: false, found: true, hashMatches: false });
      expect((await v.call('admin', 'audit.checkAgainstCheckpoint', { seq: cp.seq, hash: 'xyz' })).ok).toBe(false);
    });

    it('an edit before the checkpoint is named', async () => {
      await tamper(v, (ds) => ds.query('UPDATE audit_log SET details = \'{"i":99}\' WHERE seq = 3'));
      expect(await check(cp.seq, cp.hash)).toMatchObject({
        ok: false,
        found: true,
        hashMatches: true,
        chain: { ok: false, firstBadSeq: 3, problem: 'edited' },
      });
    });

    it('a chain rewritten with the key is caught by the signatures, and differs from the paper hash', async () => {
      // Worst case: someone holding the vault key (so the audit HMAC key) re-MACs everything after
      // the edit. The HMAC chain is whole again, but the edited entry's signature no longer holds,
      // and the entry at the checkpoint no longer carries the hash on paper.
      const key = (await loadVaultSecrets(v.core.services.db.manager, randomBytes, Buffer.from(v.core.vaultKey))).auditHmac;
      await tamper(v, async (ds) => {
        const rows: AuditEntryRecord[] = await ds.query(
          'SELECT seq, at, actor, action, subject, details, prev_hash AS prevHash, hmac FROM audit_log ORDER BY seq',
        );
        let prev = rows[1].hmac;
        for (const r of rows.slice(2)) {
          const hmac = auditMac(key, { ...r, prevHash: prev });
          await ds.query('UPDATE audit_log SET prev_hash = ?, hmac = ? WHERE seq = ?', [prev, hmac, r.seq]);
          prev = hmac;
        }
      });
      expect(await v.core.services.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'forged' });
      expect(await check(cp.seq, cp.hash)).toMatchObject({
        ok: false,
        found: true,
        hashMatches: false,
        chain: { ok: false, firstBadSeq: 3, problem: 'forged' },
      });
    });

    it('truncation to before the checkpoint is detected', async () => {
      await tamper(v, (ds) => ds.query('DELETE FROM audit_log WHERE seq >= ?', [cp.seq - 2]));
      expect(await check(cp.seq, cp.hash)).toMatchObject({ ok: false, found: false, hashMatches: false });
    });
  });
});

describe('audit export and monthly report', () => {
  let w: TestVault;
  let today: string;
  beforeAll(async () => {
    w = await new TestVault().setup();
    const auditorName = await w.userWithRole('auditor', 'auditor');
    await w.userWithRole('keeper', 'keeper');
    for (let i = 0; i < 25; i++)
      await w.core.services.audit.record({
        actor: 'admin',
        action: 'record.view',
        subject: `record:${i}`,
        details: { note: i % 5 === 0 ? '含,逗号 "引号"\n换行' : '普通' },
      });
    await w.call('keeper', 'audit.export', { from: '2026-01-01', to: '2026-01-31', format: 'csv' }); // refused
    await w.call('auditor', 'attachments.list', { recordId: 'none' }); // refused: the auditor reads no register data
    for (const c of ['admin', 'auditor', 'keeper']) await w.ok(c, 'auth.signOut');
    await w.call('x', 'auth.signIn', { username: 'ghost', password: 'wrong-pass-1' });
    await w.ok('admin', 'auth.signIn', ADMIN);
    await w.ok('auditor', 'auth.signIn', { username: auditorName, password: PASSWORD });
    today = localDate(w.clock.now());
  });
  afterAll(() => w.destroy());

  const inRange = async () => {
    const tz = await w.core.services.settings.timeZone();
    return (await w.core.services.audit.list({ fromIso: fromBound(today, tz), toIso: toBound(today, tz), limit: 100_000 })).reverse();
  };

  it('CSV: UTF-8 with BOM, one row per entry in range, quoting intact, export audited', async () => {
    const expected = await inRange();
    const f = await w.ok<AuditFile & { rows: number }>('auditor', 'audit.export', { from: today, to: today, format: 'csv' });
    const buf = Buffer.from(f.base64, 'base64');
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const file = join(w.dataDir, 'a.csv');
    writeFileSync(file, buf);
    const wb = new ExcelJS.Workbook();
    const ws = await wb.csv.readFile(file);
    const seqs: number[] = [];
    ws.eachRow((row, i) => void (i > 1 && seqs.push(Number(row.getCell(1).value))));
    expect(seqs).toEqual(expected.map((r) => r.seq));
    expect(f.rows).toBe(expected.length);
    const quoted = expected.find((r) => r.details.includes('逗号'))!;
    const row = ws.getRows(2, seqs.length)!.find((r) => Number(r.getCell(1).value) === quoted.seq)!;
    expect(row.getCell(6).value).toBe(quoted.details);
    const [entry] = await w.ok<AuditRow[]>('auditor', 'audit.list', { action: 'audit.export', limit: 1 });
    expect(JSON.parse(entry.details)).toMatchObject({ format: 'csv', rows: expected.length });
  });

  it('XLSX: rows read back with exceljs equal the entries in range', async () => {
    const expected = await inRange();
    const f = await w.ok<AuditFile & { rows: number }>('auditor', 'audit.export', { from: today, to: today, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount - 1).toBe(expected.length);
    const [first] = await w.core.services.db.manager.query('SELECT hmac FROM audit_log WHERE seq = ?', [expected[0].seq]);
    expect(ws.getRow(2).getCell(8).value).toBe(first.hmac);
    expect(ws.getRow(expected.length + 1).getCell(1).value).toBe(expected.at(-1)!.seq);
  });

  it('an empty range gives just the header; formula-looking text is defused', async () => {
    const f = await w.ok<AuditFile & { rows: number }>('auditor', 'audit.export', { from: '2000-01-01', to: '2000-01-31', format: 'csv' });
    expect(f.rows).toBe(0);
    expect(Buffer.from(f.base64, 'base64').toString('utf8').trim().split('\r\n')).toHaveLength(1);
    const csv = csvFile([['=HYPERLINK("x")', -3, '李,四\n二行']]).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(parse(csv, { bom: true })).toEqual([['\'=HYPERLINK("x")', '-3', '李,四\n二行']]);
  });

  it('monthly report: PDF and XLSX with counts, denials, exports and the chain verdict', async () => {
    const month = today.slice(0, 7);
    const pdf = await w.ok<AuditFile>('auditor', 'audit.monthlyReport', { month, format: 'pdf' });
    expect(pdf.mime).toBe('application/pdf');
    const text = pdfText(w.dataDir, pdf.base64, 'report.pdf');
    expect(text).toContain(`审计月报 ${month}`);
    expect(text).toContain('record.view');
    expect(text).toMatch(/拒绝访问 Denied accesses：\s*2/);
    expect(text).toContain('keeper');
    expect(text).toMatch(/登录失败 Sign-in failures：\s*1/);
    expect(text).toContain('ghost');
    expect(text).toMatch(/完好，已校验 \d+ 条/);
    const x = await w.ok<AuditFile>('auditor', 'audit.monthlyReport', { month, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toContain('按人员 By person');
    const byAction = wb.getWorksheet('按操作 By action')!;
    const counts = new Map<string, number>();
    byAction.eachRow((r, i) => void (i > 1 && counts.set(String(r.getCell(1).value), Number(r.getCell(2).value))));
    expect(counts.get('record.view')).toBe(25);
    expect(counts.get('audit.export')).toBeGreaterThanOrEqual(2);
    const [entry] = await w.ok<AuditRow[]>('auditor', 'audit.list', { action: 'audit.monthlyReport', limit: 1 });
    expect(JSON.parse(entry.details)).toMatchObject({ month, format: 'xlsx', chainOk: true });
  });
});
