import type { EntityManager } from 'typeorm';
import { checkDigit } from '../../shared/domain/citizen-id';
import { nameKeys } from '../../shared/domain/search-keys';
import { DEFAULT_TAGS } from '../../shared/domain/tags';

/** Deterministic PRNG (mulberry32) so generated communities are the same every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红玉建国志强文斌海燕晓东丽娜建华淑珍凤英春梅';

export interface Community {
  grids: number;
  households: number;
  residents: number;
  records: number;
  /** A few known rows the tests look for. */
  known: { residentId: string; name: string; citizenId: string; archiveNo: string; householdId: string; initials: string };
  tagIds: string[];
}

export function citizenId(r: () => number, i: number): { id: string; birth: string; gender: 'male' | 'female' } {
  const y = 1930 + Math.floor(r() * 90);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const seq = String(i % 1000).padStart(3, '0');
  const first17 = `110105${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
  const id = first17 + checkDigit(first17);
  return { id, birth: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, gender: Number(seq[2]) % 2 === 1 ? 'male' : 'female' };
}

async function insertMany(m: EntityManager, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  // SQLite allows 32766 bound parameters per statement; stay well below.
  const per = Math.max(1, Math.floor(30000 / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const ph = chunk.map(() => `(${cols.map(() => '?').join(',')})`).join(',');
    await m.query(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${ph}`, chunk.flat());
  }
}

/**
 * Fills an open vault with a generated community straight through SQL in one transaction
 * (the register services are tested elsewhere; this is volume for search and aggregates).
 */
export async function generateCommunity(
  m: EntityManager,
  opts: { households: number; residentsPerHousehold: number; recordsPerResident: number; seed?: number; from?: number },
): Promise<Community> {
  // `from`: the first household number, so a large community is written in several transactions.
  const from = opts.from ?? 0;
  const r = rng((opts.seed ?? 42) + from);
  const now = '2026-01-01T00:00:00.000Z';
  const gridsN = Math.max(1, Math.ceil((from + opts.households) / 400));
  // A new archive has the default palette from its creation; insert it only into one that has none.
  const existingTags: { id: string }[] = await m.query('SELECT id FROM tags ORDER BY sort_order, name');
  const tagIds = existingTags.length ? existingTags.map((t) => t.id) : DEFAULT_TAGS.map((_, i) => `tag-${i}`);
  if (existingTags.length === 0) {
    await insertMany(
      m,
      'tags',
      ['id', 'name', 'color', 'code', 'discreet', 'sort_order'],
      DEFAULT_TAGS.map((t, i) => [tagIds[i], t.name, t.color, t.code, t.discreet ? 1 : 0, t.order]),
    );
  }
  await m.query("INSERT INTO locations (id, room, cabinet, shelf, box, note) VALUES ('loc-1', '一号库房', '01', '1', '001', NULL) ON CONFLICT DO NOTHING");
  const grids: unknown[][] = [];
  const buildings: unknown[][] = [];
  const units: unknown[][] = [];
  const households: unknown[][] = [];
  const hTags: unknown[][] = [];
  const residents: unknown[][] = [];
  const records: unknown[][] = [];
  let known: Community['known'] | null = null;
  let ridx = from * opts.residentsPerHousehold;
  for (let g = Math.ceil(from / 400); g < gridsN; g++) grids.push([`g${g}`, `第${g + 1}网格`, `G${String(g + 1).padStart(2, '0')}`, null, null]);
  for (let h = from; h < from + opts.households; h++) {
    const g = Math.floor(h / 400);
    const b = Math.floor(h / 40);
    const u = Math.floor(h / 10);
    if (h % 40 === 0) buildings.push([`b${b}`, `g${g}`, `${(b % 10) + 1}号楼`, `B${b}`, null, null]);
    if (h % 10 === 0) units.push([`u${u}`, `b${b}`, `${(u % 4) + 1}单元`, `U${u}`]);
    const room = `${1 + (h % 10)}0${1 + (h % 3)}`;
    const address = `第${g + 1}网格 ${(b % 10) + 1}号楼 ${(u % 4) + 1}单元 ${room}`;
    households.push([`h${h}`, `u${u}`, `${room}-${h}`, address, r() < 0.7 ? 'own' : 'rented', `r${ridx}`, null, 'approved', now, now]);
    if (r() < 0.3) hTags.push([`h${h}`, tagIds[Math.floor(r() * tagIds.length)]]);
    for (let k = 0; k < opts.residentsPerHousehold; k++, ridx++) {
      const name =
        SURNAMES[Math.floor(r() * SURNAMES.length)] + GIVEN[Math.floor(r() * GIVEN.length)] + (r() < 0.5 ? GIVEN[Math.floor(r() * GIVEN.length)] : '');
      const keys = nameKeys(name);
      const cid = citizenId(r, ridx);
      const phone = `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
      residents.push([
        `r${ridx}`,
        `h${h}`,
        name,
        keys.full,
        keys.initials,
        cid.gender,
        cid.birth,
        cid.id,
        '汉族',
        null,
        null,
        null,
        null,
        phone,
        null,
        null,
        r() < 0.8 ? 'registered' : 'floating',
        k === 0 ? '户主' : '家属',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        '[]',
        null,
        'approved',
        now,
        now,
      ]);
      for (let j = 0; j < opts.recordsPerResident; j++) {
        const archiveNo = `SQ01-2020-D30-${String(ridx * opts.recordsPerResident + j + 1).padStart(6, '0')}`;
        records.push([
          `a${ridx}-${j}`,
          archiveNo,
          `${name}基本信息档案`,
          null,
          `r${ridx}`,
          `h${h}`,
          null,
          'registered',
          j === 0 ? 'basic' : 'living',
          'paper',
          3,
          1,
          null,
          null,
          2020,
          'internal',
          'D30',
          null,
          'loc-1',
          'in',
          'approved',
          null,
          now,
          now,
        ]);
        if (!known && ridx === 777 && j === 0)
          known = { residentId: `r${ridx}`, name, citizenId: cid.id, archiveNo, householdId: `h${h}`, initials: keys.initials };
      }
    }
  }
  await insertMany(m, 'grids', ['id', 'name', 'code', 'worker', 'note'], grids);
  await insertMany(m, 'buildings', ['id', 'grid_id', 'name', 'code', 'address', 'note'], buildings);
  await insertMany(m, 'units', ['id', 'building_id', 'name', 'code'], units);
  await insertMany(
    m,
    'households',
    ['id', 'unit_id', 'room', 'address', 'residence_type', 'head_resident_id', 'note', 'review_status', 'created_at', 'updated_at'],
    households,
  );
  await insertMany(m, 'household_tags', ['household_id', 'tag_id'], hTags);
  await insertMany(
    m,
    'residents',
    [
      'id',
      'household_id',
      'name',
      'name_pinyin',
      'name_initials',
      'gender',
      'birth_date',
      'citizen_id',
      'ethnicity',
      'political_status',
      'education',
      'occupation',
      'employer',
      'phone',
      'hukou_place',
      'move_in_date',
      'resident_type',
      'relation_to_head',
      'marital_status',
      'health',
      'disability',
      'medical_insurance',
      'social_insurance',
      'subsistence',
      'family_planning',
      'special_categories',
      'notes',
      'review_status',
      'created_at',
      'updated_at',
    ],
    residents,
  );
  await insertMany(
    m,
    'archive_records',
    [
      'id',
      'archive_no',
      'title',
      'responsible',
      'resident_id',
      'household_id',
      'building_id',
      'resident_class',
      'content_category',
      'carrier',
      'pages',
      'items',
      'date_from',
      'date_to',
      'year',
      'sensitivity',
      'retention_class',
      'retention_years',
      'location_id',
      'status',
      'review_status',
      'note',
      'created_at',
      'updated_at',
    ],
    records,
  );
  return { grids: gridsN, households: households.length, residents: residents.length, records: records.length, known: known!, tagIds };
}
