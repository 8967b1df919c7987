import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNUAL_SHEETS } from '../../electron/export/annual-report.xlsx';
import { ageAtYearEnd, ageBand, AGE_BANDS, annualTables, type AnnualReportData, type Cell, type GridResidents } from '../../shared/domain/annual-report';
import { archiveToday } from '../../shared/domain/archive-time';
import { addDays } from '../../shared/domain/lending';
import { naturalSort } from '../../shared/domain/natural-order';
import { generateCommunity, rng } from '../helpers/community-generator';
import { pdfText } from '../helpers/pdf-tools';
import { processZone } from '../helpers/process-zone';
import { frozenAt, TestVault } from '../helpers/vault-fixture';

/**
 * 年度统计报表 on a generated community (7 500 residents) with loans, look-up requests, views,
 * appraisal and destruction scattered around New Year: every figure the XLSX and the PDF show
 * equals a brute-force count made here in plain JavaScript over the raw rows. The archive is in
 * Beijing; the process runs once with TZ=UTC and once with TZ=Asia/Shanghai. Events at 23:59:59
 * and 00:00 Beijing time on 31 Dec / 1 Jan must land in the archive's year, not the process's.
 */
const PROCESS_TZ = processZone();
const YEAR = 2026;
const BEFORE_MIDNIGHT = '2026-12-31T15:59:59.999Z'; // 31 Dec 23:59:59.999 in Beijing: still 2026
const NEW_YEAR = '2026-12-31T16:00:00.000Z'; // 1 Jan 2027 00:00 in Beijing: 2027 (2026 in UTC)
const OLD_NEW_YEAR = '2025-12-31T16:30:00.000Z'; // 1 Jan 2026 00:30 in Beijing: 2026 (2025 in UTC)
const INSTANTS = ['2025-06-01T04:00:00.000Z', OLD_NEW_YEAR, '2026-03-15T02:00:00.000Z', BEFORE_MIDNIGHT, NEW_YEAR, '2027-02-01T02:00:00.000Z'];
const DATES = ['2025-12-30', '2025-12-31', '2026-01-01', '2026-07-01', '2026-12-31', '2027-01-01', '2027-01-02'];

type Row = Record<string, unknown>;
type FileOut = { fileName: string; dataBase64: string; mime: string; pages: number | null };

describe(`年度统计报表 (process TZ=${PROCESS_TZ}, archive Asia/Shanghai)`, () => {
  const v = new TestVault(undefined, frozenAt('2027-01-05T02:00:00Z'));
  let viewsBefore = 0;

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'settings.update', { timeZone: 'Asia/Shanghai' });
    const db = v.core.services.db;
    await db.write((m) => generateCommunity(m, { households: 2500, residentsPerHousehold: 3, recordsPerResident: 1, seed: 19 }));
    const r = rng(1919);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const m = db.manager;
    const setEach = async (table: string, col: string, ids: string[], value: () => unknown) => {
      const by = new Map<unknown, string[]>();
      for (const id of ids) {
        const x = value();
        by.set(x, [...(by.get(x) ?? []), id]);
      }
      for (const [x, group] of by)
        for (let i = 0; i < group.length; i += 500) {
          const chunk = group.slice(i, i + 500);
          await m.query(`UPDATE ${table} SET ${col} = ? WHERE id IN (${chunk.map(() => '?').join(',')})`, [x, ...chunk]);
        }
    };
    const ids = async (table: string) => ((await m.query(`SELECT id FROM ${table}`)) as { id: string }[]).map((x) => x.id);
    const residents = await ids('residents');
    const households = await ids('households');
    const records = await ids('archive_records');
    await setEach('residents', 'created_at', residents, () => pick(INSTANTS));
    await setEach('residents', 'review_status', residents, () => (r() < 0.02 ? 'pending' : 'approved'));
    await setEach('households', 'created_at', households, () => pick(INSTANTS));
    await setEach('archive_records', 'created_at', records, () => pick(INSTANTS));
    await setEach('archive_records', 'content_category', records, () => pick(['basic', 'living', 'social', 'complaint', 'service']));
    await setEach('archive_records', 'retention_class', records, () => pick(['Y', 'D30', 'D10']));
    await setEach('archive_records', 'pages', records, () => 1 + Math.floor(r() * 9));

    // Life events around New Year: residents moved out or dead on either side of it (leaving the
    // year-end roster only if before), households merged away, and events later undone (撤销).
    let seq = 0;
    const event = async (kind: string, on: string, subject: string, counterOf: string | null = null) => {
      const id = `le-${++seq}`;
      await m.query(
        `INSERT INTO life_events (id, seq, kind, occurred_on, recorded_at, recorded_by, details, before_values, after_values, counter_of, proposed_by)
         VALUES (?, ?, ?, ?, ?, 'admin', '{}', '{}', '{}', ?, NULL)`,
        [id, seq, kind, on, `${on}T03:00:00.000Z`, counterOf],
      );
      await m.query('INSERT INTO life_event_links (event_id, subject) VALUES (?, ?)', [id, subject]);
      return id;
    };
    for (let i = 0; i < 240; i++) {
      const id = residents[i * 29];
      const kind = pick(['move_in', 'move_out', 'death'] as const);
      const on = pick(DATES);
      const e = await event(kind, on, `resident:${id}`);
      if (i % 10 === 0) await event(kind === 'death' ? 'death_revoked' : kind === 'move_in' ? 'move_out' : 'move_in', on, `resident:${id}`, e);
      else if (kind !== 'move_in')
        await m.query('UPDATE residents SET status = ?, status_on = ? WHERE id = ?', [kind === 'death' ? 'dead' : 'moved_out', on, id]);
    }
    for (let i = 0; i < 60; i++) {
      const id = households[i * 37];
      await m.query("UPDATE households SET status = 'merged' WHERE id = ?", [id]);
      await event('merge', pick(DATES), `household:${id}`);
    }

    // Loans: calendar dates around New Year, some still out.
    for (let i = 0; i < 400; i++) {
      const out = pick(DATES);
      const back = r() < 0.3 ? null : addDays(out, Math.floor(r() * 20));
      const external = r() < 0.25;
      await m.query(
        `INSERT INTO loans (id, slip_no, record_id, kind, borrower_kind, borrower_name, purpose, approver_user_id, approver_name, checkout_date, due_date, renewals, pages_out, returned_on, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, '借阅人', '查证', 'u', '审批人', ?, ?, 0, ?, ?, 'admin', ?)`,
        [
          `loan-${i}`,
          `JY-${i}`,
          pick(records),
          pick(['read', 'borrow', 'copy', 'extract']),
          external ? 'external' : 'staff',
          out,
          addDays(out, 14),
          1 + Math.floor(r() * 30),
          back,
          `${out}T01:00:00.000Z`,
        ],
      );
    }
    for (let i = 0; i < 300; i++)
      await m.query(
        "INSERT INTO access_requests (id, requester, scope, subject, purpose, status, created_at) VALUES (?, 'clerk', 'household', 'h1', '核对', ?, ?)",
        [`ar-${i}`, pick(['pending', 'approved', 'denied']), pick(INSTANTS)],
      );
    for (let b = 0; b < 6; b++)
      await m.query(
        "INSERT INTO appraisal_batches (id, batch_no, purpose, scope, members, status, created_by, created_at) VALUES (?, ?, '到期鉴定', '全部', '[]', 'open', 'admin', ?)",
        [`ab-${b}`, `JD-${b}`, INSTANTS[b]],
      );
    for (let i = 0; i < 240; i++)
      await m.query('INSERT INTO appraisal_items (id, batch_id, record_id, original_term, years_kept, decision, decided_on) VALUES (?, ?, ?, ?, 10, ?, ?)', [
        `ai-${i}`,
        `ab-${i % 6}`,
        pick(records),
        'D10',
        r() < 0.15 ? null : pick(['keep', 'extend', 'permanent', 'destroy', 'transfer']),
        pick(DATES),
      ]);
    // Destruction: three executed batches, one of them 10 minutes into 2027 in Beijing.
    const executed = [OLD_NEW_YEAR, '2026-06-01T02:00:00.000Z', '2026-12-31T16:10:00.000Z'];
    for (let b = 0; b < 3; b++) {
      await m.query(
        "INSERT INTO destruction_batches (id, register_no, status, proposed_by, proposed_at, supervisors, executed_at) VALUES (?, ?, 'executed', 'admin', ?, '[]', ?)",
        [`db-${b}`, `XH-${b}`, executed[b], executed[b]],
      );
      for (let k = 0; k < 30; k++) {
        const id = records[b * 1000 + k * 7];
        await m.query(
          `INSERT INTO tombstones (id, record_id, batch_id, archive_no, title, year, retention, pages, items, sensitivity, reason, destroyed_at, key_ids, file_hashes)
           SELECT ?, id, ?, archive_no, title, year, retention_class, pages, items, sensitivity, '到期', ?, '[]', '[]' FROM archive_records WHERE id = ?`,
          [`ts-${b}-${k}`, `db-${b}`, executed[b], id],
        );
        await m.query("UPDATE archive_records SET status = 'destroyed' WHERE id = ?", [id]);
      }
    }
    // Real views through the app at both sides of midnight in Beijing.
    viewsBefore = Number((await m.query("SELECT count(*) AS n FROM audit_log WHERE action = 'resident.view'"))[0].n);
    const view = async (iso: string, n: number) => {
      await v.travel(Date.parse(iso) - v.clock.now(), ['admin']);
      for (let i = 0; i < n; i++) await v.ok('admin', 'residents.get', { id: `r${i + 10}`, purpose: '年终核对' });
    };
    await view('2026-12-31T15:58:00.000Z', 2);
    await view('2026-12-31T16:01:00.000Z', 3);
    await v.travel(Date.parse('2027-01-05T02:00:00Z') - v.clock.now(), ['admin']);
  }, 300_000);
  afterAll(() => v.destroy());

  /** The same figures, counted one row at a time from SELECT * in the archive's zone `tz`. */
  async function bruteForce(year: number, tz: string): Promise<AnnualReportData> {
    const m = v.core.services.db.manager;
    const all = (t: string) => m.query(`SELECT * FROM ${t}`) as Promise<Row[]>;
    const yearOf = (iso: unknown) => Number(archiveToday(String(iso), tz).slice(0, 4));
    const inYear = (iso: unknown) => yearOf(iso) === year;
    const byYearEnd = (iso: unknown) => yearOf(iso) <= year;
    const dateIn = (d: unknown) => typeof d === 'string' && d.startsWith(`${year}-`);
    const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
    const tally = (xs: Row[], key: string) => xs.reduce<Record<string, number>>((o, x) => ((o[String(x[key])] = (o[String(x[key])] ?? 0) + 1), o), {});

    const [grids, buildings, units, households, residents, tags, hTags, records, tombstones, loans, requests, audit, batches, items, dBatches, events, links] =
      await Promise.all(
        [
          'grids',
          'buildings',
          'units',
          'households',
          'residents',
          'tags',
          'household_tags',
          'archive_records',
          'tombstones',
          'loans',
          'access_requests',
          'audit_log',
          'appraisal_batches',
          'appraisal_items',
          'destruction_batches',
          'life_events',
          'life_event_links',
        ].map(all),
      );
    const gridOfHousehold = new Map<string, string>();
    const gridName = new Map(grids.map((g) => [g.id, String(g.name)]));
    const buildingGrid = new Map(buildings.map((b) => [b.id, b.grid_id]));
    const unitBuilding = new Map(units.map((u) => [u.id, u.building_id]));
    for (const h of households) gridOfHousehold.set(String(h.id), gridName.get(buildingGrid.get(unitBuilding.get(h.unit_id))) ?? '未分网格');

    const yearEnd = `${year + 1}-01-01`;
    const stillHere = (p: Row) => p.status === 'active' || (p.status_on != null && String(p.status_on) >= yearEnd);
    const people = residents.filter((p) => p.review_status === 'approved' && byYearEnd(p.created_at) && stillHere(p));
    const undone = new Set(events.filter((e) => e.counter_of != null).map((e) => String(e.counter_of)));
    const moves = (kind: string) => count(events, (e) => e.kind === kind && dateIn(e.occurred_on) && e.counter_of == null && !undone.has(String(e.id)));
    const mergedBy = new Map(
      events
        .filter((e) => e.kind === 'merge')
        .map((e) => [String(links.find((l) => l.event_id === e.id)!.subject).replace('household:', ''), String(e.occurred_on)]),
    );
    const byGrid = new Map<string, GridResidents>();
    for (const p of people) {
      const g = gridOfHousehold.get(String(p.household_id)) ?? '未分网格';
      if (!byGrid.has(g)) byGrid.set(g, { grid: g, male: 0, female: 0, otherGender: 0, bands: Array(AGE_BANDS.length + 1).fill(0) as number[] });
      const x = byGrid.get(g)!;
      if (p.gender === 'male') x.male++;
      else if (p.gender === 'female') x.female++;
      else x.otherGender++;
      x.bands[ageBand(ageAtYearEnd(p.birth_date as string | null, year))]++;
    }
    const merged = (h: Row) => h.status !== 'active' && mergedBy.has(String(h.id)) && mergedBy.get(String(h.id))! < yearEnd;
    const hh = households.filter((h) => h.review_status === 'approved' && byYearEnd(h.created_at) && !merged(h));
    const hhIds = new Set(hh.map((h) => h.id));
    const destroyedBy = new Map(tombstones.map((t) => [t.record_id, t.destroyed_at]));
    const held = records.filter((a) => byYearEnd(a.created_at) && !(destroyedBy.has(a.id) && byYearEnd(destroyedBy.get(a.id))));
    const holdings: Record<string, Record<string, number>> = {};
    for (const a of held) {
      const c = (holdings[String(a.content_category)] ??= {});
      c[String(a.retention_class)] = (c[String(a.retention_class)] ?? 0) + 1;
    }
    const out = loans.filter((l) => dateIn(l.checkout_date));
    const openAtEnd = loans.filter(
      (l) => String(l.checkout_date) < `${year + 1}-01-01` && (l.returned_on == null || String(l.returned_on) >= `${year + 1}-01-01`),
    );
    const decided = items.filter((i) => i.decision != null && dateIn(i.decided_on));
    const destroyed = tombstones.filter((t) => inYear(t.destroyed_at));
    const tagOrder = [...tags].sort((a, b) => Number(a.sort_order) - Number(b.sort_order) || (String(a.name) < String(b.name) ? -1 : 1));
    return {
      communityName: '幸福社区',
      year,
      timeZone: tz,
      printedAt: '',
      residents: {
        byGrid: naturalSort([...byGrid.values()], (g) => g.grid),
        registeredInYear: count(residents, (p) => p.review_status === 'approved' && inYear(p.created_at)),
        movedIn: moves('move_in'),
        movedOut: moves('move_out'),
        deaths: moves('death'),
      },
      households: {
        total: hh.length,
        registeredInYear: count(households, (h) => h.review_status === 'approved' && inYear(h.created_at)),
        byTag: tagOrder.map((t) => ({
          name: String(t.name),
          code: String(t.code),
          discreet: !!Number(t.discreet),
          households: new Set(hTags.filter((x) => x.tag_id === t.id && hhIds.has(x.household_id)).map((x) => x.household_id)).size,
        })),
        untagged: count(hh, (h) => !hTags.some((x) => x.household_id === h.id)),
      },
      records: {
        holdings,
        addedInYear: tally(
          records.filter((a) => inYear(a.created_at)),
          'content_category',
        ),
        pagesHeld: held.reduce((s, a) => s + Number(a.pages), 0),
      },
      loans: {
        byKind: tally(out, 'kind'),
        external: count(out, (l) => l.borrower_kind === 'external'),
        pagesOut: out.reduce((s, l) => s + Number(l.pages_out), 0),
        returned: count(loans, (l) => dateIn(l.returned_on)),
        openAtYearEnd: openAtEnd.length,
        overdueAtYearEnd: count(openAtEnd, (l) => String(l.due_date) < `${year + 1}-01-01`),
      },
      lookups: {
        requests: tally(
          requests.filter((q) => inYear(q.created_at)),
          'status',
        ),
        residentViews: count(audit, (e) => e.action === 'resident.view' && inYear(e.at)),
        attachmentViews: count(audit, (e) => e.action === 'attachment.view' && inYear(e.at)),
      },
      appraisal: { batches: count(batches, (b) => inYear(b.created_at)), decisions: tally(decided, 'decision') },
      destruction: {
        batches: count(dBatches, (b) => b.status === 'executed' && inYear(b.executed_at)),
        records: destroyed.length,
        pages: destroyed.reduce((s, t) => s + Number(t.pages), 0),
      },
    };
  }

  const cellsOf = (rows: Cell[][]) => rows.map((r) => r.map((c) => (typeof c === 'number' ? c : String(c))));

  it('XLSX: every table, row and total equals the brute-force count', async () => {
    const f = await v.ok<FileOut>('admin', 'print.annualReport', { year: YEAR, format: 'xlsx' });
    expect(f.fileName).toBe(`幸福社区${YEAR}年度统计报表.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.dataBase64, 'base64') as unknown as ArrayBuffer);
    const expected = annualTables(await bruteForce(YEAR, 'Asia/Shanghai'));
    // Sanity: the generated data really is large and really straddles the year.
    const people = expected.find((t) => t.id === 'residents')!.total!;
    expect(Number(people[people.length - 1])).toBeGreaterThan(4000);
    expect(Number(people[people.length - 1])).toBeLessThan(7500);
    for (const t of expected) {
      const ws = wb.getWorksheet(ANNUAL_SHEETS[t.id])!;
      expect(ws, t.id).toBeDefined();
      const read: Cell[][] = [];
      ws.eachRow((row) => read.push((row.values as Cell[]).slice(1)));
      expect(read[0][0]).toBe(t.title.zh);
      expect(read[1]).toEqual(t.head);
      expect(read.slice(2, 2 + t.rows.length), t.id).toEqual(cellsOf(t.rows));
      if (t.total) expect(read[2 + t.rows.length], `${t.id} totals`).toEqual(cellsOf([t.total])[0]);
    }
    // The notes carry the year's movements (迁入, 迁出, 死亡注销), counted apart from the undone ones.
    const res = expected.find((t) => t.id === 'residents')!;
    const noteRow = (id: string) => {
      const rows: Cell[][] = [];
      wb.getWorksheet(ANNUAL_SHEETS[id])!.eachRow((row) => rows.push((row.values as Cell[]).slice(1)));
      return String(rows.at(-1)![0]);
    };
    expect(noteRow('residents')).toBe(res.note);
    expect(res.note).toMatch(/迁入 [1-9]\d* 人，迁出 [1-9]\d* 人，死亡注销 [1-9]\d* 人/);
    // The New Year events by hand: 2 views before midnight in Beijing count, 3 after do not.
    const lookups = expected.find((t) => t.id === 'lookups')!;
    expect(lookups.rows.find((r) => r[0] === '查看居民详情（次）')![1]).toBe(2);
    expect(viewsBefore).toBe(0);
    const log = await v.ok<{ action: string; details: unknown }[]>('admin', 'audit.list', { action: 'report.annual', limit: 5 });
    expect(log[0]).toMatchObject({ action: 'report.annual' });
  });

  it('PDF: the same rows, read back with pdftotext, in Chinese', async () => {
    const f = await v.ok<FileOut>('admin', 'print.annualReport', { year: YEAR, format: 'pdf' });
    expect(f.pages).toBeGreaterThanOrEqual(2);
    const text = pdfText(Buffer.from(f.dataBase64, 'base64'), { layout: true });
    expect(text).toContain(`幸福社区 ${YEAR} 年度档案工作统计报表`);
    const lines = text.split('\n').map((l) => l.trim().split(/\s+/).join(' '));
    for (const t of annualTables(await bruteForce(YEAR, 'Asia/Shanghai'))) {
      for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
        const want = row.map(String).filter(Boolean).join(' ');
        expect(lines, `${t.id}: ${want}`).toContain(want);
      }
    }
  });

  it("the year is the archive's: the same instants counted in a UTC archive move across New Year", async () => {
    const shanghai = await v.core.services.annualReport.data(YEAR);
    await v.ok('admin', 'settings.update', { timeZone: 'UTC' });
    try {
      const utc = await v.core.services.annualReport.data(YEAR);
      const bUtc = await bruteForce(YEAR, 'UTC');
      expect(annualTables(utc)).toEqual(annualTables(bUtc));
      // In UTC the 16:00Z "new year" instant is still 2026 and the 2 + 3 views all fall in 2026.
      expect(utc.lookups.residentViews).toBe(5);
      expect(shanghai.lookups.residentViews).toBe(2);
      expect(utc.destruction.batches).toBe(2); // 2026-06-01 and 2026-12-31T16:10Z; not 2025-12-31T16:30Z
      expect(shanghai.destruction.batches).toBe(2); // 2026-01-01 00:30 and 2026-06-01 in Beijing
      const total = (d: AnnualReportData) => d.residents.byGrid.reduce((s, g) => s + g.male + g.female + g.otherGender, 0);
      expect(total(utc)).toBeGreaterThan(total(shanghai));
    } finally {
      await v.ok('admin', 'settings.update', { timeZone: 'Asia/Shanghai' });
    }
  });

  it('admin, keeper and auditor may make it; a clerk may not', async () => {
    await v.userWithRole('auditor', 'auditor');
    await v.userWithRole('clerk', 'clerk');
    expect((await v.call('auditor', 'print.annualReport', { year: YEAR, format: 'xlsx' })).ok).toBe(true);
    expect(await v.call('clerk', 'print.annualReport', { year: YEAR, format: 'xlsx' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await v.call('admin', 'print.annualReport', { year: 1800, format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
