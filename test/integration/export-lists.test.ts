import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommunity } from '../helpers/community-generator';
import { TestVault } from '../helpers/vault-fixture';

type FileOut = { fileName: string; mime: string; dataBase64: string; rows: number };
type Row = Record<string, unknown>;

/** The stored order of text: code points (SQLite's BINARY, PostgreSQL's "C"). */
const cmp = (a: unknown, b: unknown) => Buffer.compare(Buffer.from(String(a ?? '')), Buffer.from(String(b ?? '')));

/**
 * Every list export on a generated community (its own rows, not the import's), on either engine:
 * each list's rows and their order equal a brute-force reading of the raw tables, discreet tags
 * leave as their code only, and filters narrow the list.
 */
describe('list exports against the raw tables', () => {
  const v = new TestVault();
  const m = () => v.core.services.db.manager;
  let residents: Row[];
  let households: Row[];
  let records: Row[];
  let tags: Row[];
  let hTags: Row[];

  beforeAll(async () => {
    await v.setup();
    await v.core.services.db.write((tx) => generateCommunity(tx, { households: 120, residentsPerHousehold: 3, recordsPerResident: 1, seed: 23 }));
    residents = await m().query(
      `SELECT r.id, r.name, r.gender, r.created_at, g.code AS gcode, b.code AS bcode, u.code AS ucode, h.room, h.id AS hid, b.id AS bid
       FROM residents r JOIN households h ON h.id = r.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id`,
    );
    households = await m().query(
      'SELECT h.id, h.room, g.code AS gcode, b.code AS bcode, u.code AS ucode, b.id AS bid FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id',
    );
    records = await m().query('SELECT id, archive_no, title FROM archive_records');
    tags = await m().query('SELECT id, name, code, discreet FROM tags');
    hTags = await m().query('SELECT household_id, tag_id FROM household_tags');
  }, 120_000);
  afterAll(() => v.destroy());

  const list = async (kind: string, extra: Row = {}): Promise<unknown[][]> => {
    const f = await v.ok<FileOut>('admin', 'exporter.list', { kind, format: 'xlsx', purpose: '核对', ...extra });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.dataBase64, 'base64') as unknown as ArrayBuffer);
    const out: unknown[][] = [];
    wb.worksheets[0].eachRow((row, i) => i > 1 && out.push((row.values as unknown[]).slice(1)));
    expect(out).toHaveLength(f.rows);
    return out;
  };
  const byCodes = (a: Row, b: Row) => cmp(a.gcode, b.gcode) || cmp(a.bcode, b.bcode) || cmp(a.ucode, b.ucode) || cmp(a.room, b.room);

  it('residents: every one, in code order, their household tags named (discreet ones by code)', async () => {
    const rows = await list('residents');
    const expected = [...residents].sort((a, b) => byCodes(a, b) || cmp(a.created_at, b.created_at) || cmp(a.id, b.id));
    expect(rows.map((r) => r[4])).toEqual(expected.map((r) => r.name));
    const tagOf = new Map(tags.map((t) => [t.id, Number(t.discreet) ? t.code : t.name]));
    const tagged = expected.map((r) =>
      hTags
        .filter((t) => t.household_id === r.hid)
        .map((t) => tagOf.get(t.tag_id))
        .sort(),
    );
    expect(tagged.some((t) => t.length > 0)).toBe(true);
    expect(
      rows.map((r) =>
        String(r[26] ?? '')
          .split('、')
          .filter(Boolean)
          .sort(),
      ),
    ).toEqual(tagged);
    const discreetNames = tags.filter((t) => Number(t.discreet)).map((t) => String(t.name));
    expect(rows.some((r) => discreetNames.some((n) => String(r[26] ?? '').includes(n)))).toBe(false);
  });

  it('households and records: every one, in order; a building filter narrows the households', async () => {
    const hh = await list('households');
    expect(hh).toHaveLength(households.length);
    expect(hh.map((r) => r[3])).toEqual([...households].sort(byCodes).map((h) => h.room));
    expect(hh.every((r) => Number(r[7]) === 3)).toBe(true);
    const b = String(households[0].bid);
    expect(await list('households', { filters: { buildingId: b } })).toHaveLength(households.filter((h) => h.bid === b).length);
    const rec = await list('records');
    expect(rec.map((r) => r[0])).toEqual(records.map((r) => r.archive_no).sort(cmp));
    expect(rec.every((r) => String(r[11]).includes('柜'))).toBe(true);
  });

  it('the roster list: the same filters as on screen', async () => {
    const rows = await list('roster', { roster: { gender: 'female' } });
    expect(rows.map((r) => r[4]).sort(cmp)).toEqual(
      residents
        .filter((r) => r.gender === 'female')
        .map((r) => r.name)
        .sort(cmp),
    );
  });
});
