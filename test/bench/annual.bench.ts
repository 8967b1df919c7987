import { ageAtYearEnd, ageBand, AGE_BANDS, yearBounds } from '../../shared/domain/annual-report';
import { communityVault } from '../helpers/community-vault';
import type { BenchLine } from './harness';

type Row = Record<string, unknown>;

/**
 * 年度统计报表 on the 100k-resident volume archive (#19 Shows): the service's figures beside a
 * brute-force count made here in plain JavaScript over every raw row (no GROUP BY, no joins in SQL),
 * and the time of each. The line passes only when every compared figure is equal.
 */
export async function benchAnnual(): Promise<BenchLine[]> {
  const { v } = await communityVault();
  const m = v.core.services.db.manager;
  const tz = (await v.core.services.settings.get(m)).timeZone;
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric' }).format(new Date()));

  let t = performance.now();
  const d = await v.core.services.annualReport.data(year);
  const serviceMs = performance.now() - t;

  t = performance.now();
  const { toIso, toDate } = yearBounds(year, tz);
  const all = (table: string) => m.query(`SELECT * FROM ${table}`) as Promise<Row[]>;
  const [residents, households, units, buildings, grids, links, tags, records, tombstones] = await Promise.all(
    ['residents', 'households', 'units', 'buildings', 'grids', 'household_tags', 'tags', 'archive_records', 'tombstones'].map(all),
  );
  const byId = (rows: Row[]) => new Map(rows.map((r) => [String(r.id), r]));
  const [hh, un, bu, gr] = [byId(households), byId(units), byId(buildings), byId(grids)];
  const gridOf = (householdId: unknown) => {
    const u = un.get(String(hh.get(String(householdId))?.unit_id));
    const g = gr.get(String(bu.get(String(u?.building_id))?.grid_id));
    return g ? String(g.name) : '未分网格';
  };
  const people = new Map<string, { total: number; male: number; female: number; bands: number[] }>();
  for (const r of residents) {
    if (r.review_status !== 'approved' || String(r.created_at) >= toIso) continue;
    if (r.status !== 'active' && !(r.status_on != null && String(r.status_on) >= toDate)) continue;
    const g = gridOf(r.household_id);
    const p = people.get(g) ?? { total: 0, male: 0, female: 0, bands: Array(AGE_BANDS.length + 1).fill(0) as number[] };
    people.set(g, p);
    p.total++;
    if (r.gender === 'male') p.male++;
    if (r.gender === 'female') p.female++;
    const by = String(r.birth_date ?? '').slice(0, 4);
    p.bands[ageBand(/^\d{4}$/.test(by) ? ageAtYearEnd(`${by}-01-01`, year) : null)]++;
  }
  // The volume archive has no life events: no household was merged away.
  const liveHouseholds = households.filter((h) => h.review_status === 'approved' && String(h.created_at) < toIso);
  const live = new Set(liveHouseholds.map((h) => String(h.id)));
  const tagged = new Map<string, Set<string>>();
  for (const l of links)
    if (live.has(String(l.household_id)))
      (tagged.get(String(l.tag_id)) ?? tagged.set(String(l.tag_id), new Set()).get(String(l.tag_id))!).add(String(l.household_id));
  const anyTag = new Set(links.map((l) => String(l.household_id)));
  const destroyed = new Set(tombstones.filter((x) => String(x.destroyed_at) < toIso).map((x) => String(x.record_id)));
  const holdings: Record<string, Record<string, number>> = {};
  let pages = 0;
  for (const a of records) {
    if (String(a.created_at) >= toIso || destroyed.has(String(a.id))) continue;
    const c = (holdings[String(a.content_category)] ??= {});
    c[String(a.retention_class)] = (c[String(a.retention_class)] ?? 0) + 1;
    pages += Number(a.pages ?? 0);
  }
  const bruteMs = performance.now() - t;

  const problems: string[] = [];
  let compared = 0;
  const same = (what: string, a: unknown, b: unknown) => {
    compared++;
    if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${what}: report ${JSON.stringify(a)} ≠ brute force ${JSON.stringify(b)}`);
  };
  const sortG = <T extends { grid: string }>(xs: T[]) => [...xs].sort((x, y) => x.grid.localeCompare(y.grid));
  same(
    'residents by grid',
    sortG(d.residents.byGrid.map((g) => ({ grid: g.grid, total: g.male + g.female + g.otherGender, male: g.male, female: g.female, bands: g.bands }))),
    sortG([...people].map(([grid, p]) => ({ grid, ...p }))),
  );
  same('households', d.households.total, liveHouseholds.length);
  same('untagged households', d.households.untagged, liveHouseholds.filter((h) => !anyTag.has(String(h.id))).length);
  for (const tag of tags) {
    const row = d.households.byTag.find((x) => x.code === tag.code && x.name === tag.name);
    same(`tag ${String(tag.name)}`, row?.households ?? 0, tagged.get(String(tag.id))?.size ?? 0);
  }
  same('records held', d.records.holdings, holdings);
  same('pages held', d.records.pagesHeld, pages);
  await v.destroy();
  if (problems.length) console.log(problems.slice(0, 10).join('\n'));
  const residentsCounted = [...people.values()].reduce((s, p) => s + p.total, 0);
  return [
    {
      name: `年度统计报表 ${year}: ${compared} figures (${residentsCounted} residents, ${liveHouseholds.length} households, ${[...tagged.values()].reduce((s, x) => s + x.size, 0)} tag marks)`,
      value: `${serviceMs.toFixed(0)} ms`,
      baseline: `${bruteMs.toFixed(0)} ms brute force in JS`,
      ratio: `${(serviceMs / bruteMs).toFixed(2)}×`,
      goal: 'every figure = brute force',
      pass: problems.length === 0,
    },
  ];
}
