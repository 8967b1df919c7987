import { insertBatched } from '../../electron/import/commit';
import { ImportService } from '../../electron/import/import.service';
import { planImport } from '../../electron/import/plan';
import { readSheet } from '../../electron/import/sheet-reader';
import { validateRows } from '../../electron/import/validate-rows';
import { enlargeCache } from '../../electron/db/dialect';
import { nameKeys } from '../../shared/domain/search-keys';
import { communityRows, toCsv, toXlsx } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';
import type { BenchLine } from './harness';

const N = 50_000;
const noop = async () => undefined;

/** The same households, residents and records as finished column values: what a raw insert writes. */
async function rawRows(csv: Buffer) {
  const v = await new TestVault().setup();
  await v.ok('admin', 'tags.list');
  const tags: { id: string; name: string }[] = await v.core.services.db.manager.query('SELECT id, name FROM tags');
  const val = validateRows(await readSheet('a.csv', csv), new Map(tags.map((t) => [t.name, t.id])), '2026-01-01');
  const plan = await planImport(v.core.services.db.manager, val.rows, await v.core.services.settings.get(), { newId: v.core.newId, today: '2026-01-01' });
  const now = new Date().toISOString();
  const tables: [string, string[], unknown[][]][] = [
    ['grids', ['id', 'name', 'code'], plan.places.grids.map((p) => [p.id, p.name, p.code])],
    ['buildings', ['id', 'grid_id', 'name', 'code'], plan.places.buildings.map((p) => [p.id, p.parent, p.name, p.code])],
    ['units', ['id', 'building_id', 'name', 'code'], plan.places.units.map((p) => [p.id, p.parent, p.name, p.code])],
    ['households', ['id', 'unit_id', 'room', 'address', 'residence_type', 'head_resident_id', 'review_status', 'created_at', 'updated_at'],
      plan.households.map((h) => [h.id, h.unitId, h.room, h.address, h.residenceType, h.headResidentId, 'approved', now, now])],
    ['residents', ['id', 'household_id', 'name', 'name_pinyin', 'name_initials', 'citizen_id', 'phone', 'ethnicity', 'resident_type', 'relation_to_head', 'special_categories', 'review_status', 'created_at', 'updated_at'],
      plan.residents.map(({ id, row, householdId }) => {
        const k = nameKeys(row.resident.name);
        return [id, householdId, row.resident.name, k.full, k.initials, row.resident.citizenId, row.resident.phone, row.resident.ethnicity, row.resident.residentType, row.resident.relationToHead, '[]', 'approved', now, now];
      })],
    ['archive_records', ['id', 'archive_no', 'title', 'resident_id', 'household_id', 'resident_class', 'content_category', 'carrier', 'pages', 'items', 'year', 'sensitivity', 'retention_class', 'status', 'review_status', 'created_at', 'updated_at'],
      plan.records.map((r) => [r.id, r.archiveNo, r.title, r.residentId, r.householdId, r.residentClass, 'basic', 'electronic', 0, 1, r.year, 'internal', 'Y', 'in', 'approved', now, now])],
  ];
  await v.destroy();
  return tables;
}

/** rows/s of a 50k-row sheet import (parse, check, plan, write, audit) beside a raw bulk insert of the same rows. */
export async function benchImport(): Promise<BenchLine[]> {
  const rows = communityRows(N, 2026);
  const csv = Buffer.from(toCsv(rows));
  const tables = await rawRows(csv);

  const raw = await new TestVault().setup();
  let t = performance.now();
  await raw.core.services.db.write(async (m) => {
    const restore = await enlargeCache(m, 128); // the same cache the import uses: a fair baseline
    for (const [table, cols, values] of tables) await insertBatched(m, table, cols, values, '', noop);
    await restore();
  });
  const rawMs = performance.now() - t;
  await raw.destroy();

  const run = async (name: string, bytes: Buffer) => {
    const v = await new TestVault().setup();
    await v.ok('admin', 'tags.list');
    const s = performance.now();
    await new ImportService(v.core).commit({ username: 'admin' }, name, bytes, { onProgress: () => undefined, isCancelled: () => false });
    const ms = performance.now() - s;
    await v.destroy();
    return ms;
  };
  const csvMs = await run('a.csv', csv);
  const xlsxMs = await run('a.xlsx', await toXlsx(rows));
  const rps = (ms: number) => (N / ms) * 1000;
  const pct = (ms: number) => (100 * rawMs) / ms;
  return [
    { name: 'import 50k rows, CSV (parse+check+write)', value: `${rps(csvMs).toFixed(0)} rows/s`, baseline: `${rps(rawMs).toFixed(0)} rows/s raw`, ratio: `${pct(csvMs).toFixed(0)} %`, goal: '≥ 30 % of raw', pass: pct(csvMs) >= 30 },
    { name: 'import 50k rows, CSV wall time', value: `${(csvMs / 1000).toFixed(1)} s`, goal: '< 60 s', pass: csvMs < 60_000 },
    { name: 'import 50k rows, XLSX (exceljs read incl.)', value: `${rps(xlsxMs).toFixed(0)} rows/s`, baseline: `${rps(rawMs).toFixed(0)} rows/s raw`, ratio: `${pct(xlsxMs).toFixed(0)} %`, goal: '≥ 30 % of raw', pass: pct(xlsxMs) >= 30 },
    { name: 'import 50k rows, XLSX wall time', value: `${(xlsxMs / 1000).toFixed(1)} s`, goal: '< 60 s', pass: xlsxMs < 60_000 },
  ];
}
