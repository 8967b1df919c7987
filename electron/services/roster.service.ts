import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { RosterFilters, RosterPrefs, RosterRow, RosterSort, SavedSearch } from '../../shared/contract/roster.contract';
import { DEFAULT_ROSTER_COLUMNS, RosterPrefs as RosterPrefsSchema } from '../../shared/contract/roster.contract';
import { ageOn } from '../../shared/domain/age-range';
import { mayUseSensitiveFacts, sensitiveFiltersUsed } from '../../shared/domain/roster-policy';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import { BuildingEntity, GridEntity, HouseholdEntity, HouseholdTagEntity, ResidentEntity, TagEntity, UnitEntity, UserPrefEntity } from '../db/entities';
import type { NamedPart } from '../db/sql-where';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import { maskCitizenId } from '../../shared/domain/citizen-id';
import { caseless, rosterConditions, rosterOrder } from './roster-query';
import { householdShield, type Viewer } from './shield';
import { rosterStatus } from '../../shared/domain/life-events';

export type Cursor = (string | number | null)[];
const PREF_KEY = 'roster';
const MAX_SEARCHES = 30;
/** A filtered roster's total is counted this far ("5000+" beyond). */
export const COUNT_CAP = 5_000;
/** A name fragment this rare always leads (small archives: reading 1 000 residents is quick anyway). */
const NAME_LEADS_AT_LEAST = 1_000;

/** 花名册: the residents roster with server-side filters, natural sorting and keyset paging. */
export class RosterService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly calendar: ArchiveCalendar,
    private readonly nowIso: () => string,
  ) {}

  /** Refuses (and audits) a filter on 残疾 / 低保 / health from a role that may not use them. */
  async assertFiltersAllowed(viewer: Viewer, f: RosterFilters): Promise<void> {
    const used = sensitiveFiltersUsed(f);
    if (!used.length || mayUseSensitiveFacts(viewer.role)) return;
    await this.audit.record({ actor: viewer.username, action: 'roster.refused', details: { filters: used } });
    throw new AppError('FORBIDDEN', ERR.roster.sensitiveFilter);
  }

  async list(
    r: { filters: RosterFilters; sort: RosterSort; after?: Cursor; limit: number },
    viewer: Viewer,
  ): Promise<{ rows: RosterRow[]; total: number; capped?: true; next: Cursor | null }> {
    await this.assertFiltersAllowed(viewer, r.filters);
    const m = this.db.manager;
    const d = dialectOf(m);
    const today = await this.calendar.today(m);
    const now = this.nowIso();
    const byName = await this.nameLeads(r.filters.name, r.limit);
    const where = rosterConditions(r.filters, today, d, viewer, now, { nameIndex: byName });
    const place = d.placeOrder();
    const { exprs, dir } = rosterOrder(r.sort, place);
    // The total is counted on the first page only (the screen keeps it while it scrolls); the whole
    // active roster's total is a kept counter where the engine keeps one, not a count of 1M rows.
    // A common name is counted from its index too (up to the cap: ≈ 45 ms at 1M, where walking the
    // order for 5 000 of 明 reads 170 000 rows), unless a place narrows first (a grid: ≈ 1 200 residents).
    const placed = !!(r.filters.gridId || r.filters.buildingId || r.filters.unitId);
    const counted = byName || placed ? where : rosterConditions(r.filters, today, d, viewer, now);
    const total = r.after ? null : await this.count(r.filters, counted, viewer);
    // In address order with the places in one indexed column, households lead the join and the
    // page starts from that index: the first 100 rows of 1M read about 100 rows.
    // A name fragment few residents hold leads instead: its residents, then sorted.
    const byIndex = place.length === 1 && exprs[0] === place[0] && !byName;
    const q = rosterQuery(m, byIndex ? 'households' : 'residents', where);
    for (const [col, as] of COLUMNS) q.addSelect(col, as);
    exprs.forEach((e, i) => q.addSelect(e, `k${i}`));
    if (r.after) {
      if (r.after.length !== exprs.length) throw new AppError('VALIDATION', ERR.roster.stalePage);
      const after = Object.fromEntries(r.after.map((v, i) => [`after${i}`, v]));
      q.andWhere(`(${exprs.join(', ')}) ${dir === 'ASC' ? '>' : '<'} (${exprs.map((_, i) => `:after${i}`).join(', ')})`, after);
      // The leading key as a plain range too, so the index starts there instead of at the first row.
      if (byIndex) q.andWhere(`${exprs[0]} ${dir === 'ASC' ? '>=' : '<='} :after0`);
    } else if (byIndex) q.andWhere(`${exprs[0]} >= :noKey`, { noKey: '' }); // every key: else SQLite scans and sorts everyone
    exprs.forEach((e, i) => (i ? q.addOrderBy(e, dir) : q.orderBy(e, dir)));
    const rows = await q.limit(r.limit + 1).getRawMany<Record<string, unknown>>();
    const more = rows.length > r.limit;
    const shown = rows.slice(0, r.limit);
    const tags = await this.tagsOf(shown.map((x) => String(x.household_id)));
    const sensitive = mayUseSensitiveFacts(viewer.role);
    const last = shown[shown.length - 1];
    return {
      rows: shown.map((x) => toRow(x, today, tags, sensitive)),
      total: total?.n ?? -1,
      ...(total?.capped ? { capped: true as const } : {}),
      next: more && last ? exprs.map((_, i) => last[`k${i}`] as string | number | null) : null,
    };
  }

  /**
   * Does a name fragment lead the page (its residents read, then sorted)? Only while few hold it:
   * reading them costs their number, walking the order until a page is full costs the page times
   * (everyone ÷ hits) rows, each cheaper than a looked-up hit. Measured at 1M: the name leads up to
   * √(page × everyone) ÷ 2 ≈ 5 000 hits (秀英, 1 100: 30 ms led, 70 ms walked; 龚, 10 000: 115 ms
   * led, 67 ms walked).
   */
  private async nameLeads(name: string | undefined, limit: number): Promise<boolean> {
    if (!name || !caseless(name)) return false;
    const m = this.db.manager;
    const d = dialectOf(m);
    const everyone = (await d.keptTotal(m, 'residents')) ?? 0;
    const most = Math.max(NAME_LEADS_AT_LEAST, Math.floor(Math.sqrt(Math.max(limit, 1) * everyone) / 2));
    return (await d.nameHitsUpTo(m, name, most + 1)) <= most;
  }

  /**
   * How many residents the filters find: the active roster's kept counter when nothing narrows it,
   * else counted up to COUNT_CAP and said as "5000+" past it (a street's 500 000 women are not
   * counted one by one for a screen that shows 100 of them; each counted row is looked up, and at
   * 1M residents 10 000 look-ups outgrow the page cache).
   */
  private async count(f: RosterFilters, where: NamedPart[], viewer: Viewer): Promise<{ n: number; capped: boolean }> {
    const m = this.db.manager;
    const narrowed = Object.entries(f).some(([k, v]) => k !== 'status' && v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length));
    const st = rosterStatus(f.status);
    const shielded = !!householdShield(viewer, 'h.id', this.nowIso());
    const kept = !narrowed && !shielded && st.length === 1 && st[0] === 'active' ? await dialectOf(m).keptTotal(m, 'residents') : null;
    if (kept !== null) return { n: kept, capped: false };
    const found = rosterQuery(m, 'residents', where)
      .select('1', 'one')
      .limit(COUNT_CAP + 1);
    const row = await m
      .createQueryBuilder()
      .select('count(*)', 'n')
      .from(`(${found.getQuery()})`, 'found')
      .setParameters(found.getParameters())
      .getRawOne<{ n: number | string }>();
    const n = Number(row?.n ?? 0);
    return n > COUNT_CAP ? { n: COUNT_CAP, capped: true } : { n, capped: false };
  }

  private async tagsOf(householdIds: string[]): Promise<Map<string, string[]>> {
    const by = new Map<string, string[]>();
    const ids = [...new Set(householdIds)];
    if (!ids.length) return by;
    const rows = await this.db.manager
      .createQueryBuilder(HouseholdTagEntity, 'ht')
      .innerJoin(TagEntity.options.name, 't', 't.id = ht.tagId')
      .select('ht.householdId', 'household_id')
      .addSelect('ht.tagId', 'tag_id')
      .where('ht.householdId IN (:...ids)', { ids })
      .orderBy('t.order')
      .addOrderBy('t.name')
      .getRawMany<{ household_id: string; tag_id: string }>();
    for (const t of rows) by.set(t.household_id, [...(by.get(t.household_id) ?? []), t.tag_id]);
    return by;
  }

  async prefs(username: string, m: EntityManager = this.db.manager): Promise<RosterPrefs> {
    const row = await m.findOneBy(UserPrefEntity, { username, key: PREF_KEY });
    const fallback: RosterPrefs = { columns: [...DEFAULT_ROSTER_COLUMNS], searches: [] };
    if (!row) return fallback;
    try {
      const parsed = RosterPrefsSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  saveColumns(username: string, columns: RosterPrefs['columns']): Promise<RosterPrefs> {
    return this.update(username, 'roster.columns', (p) => ({ ...p, columns: [...new Set(columns)] }), { columns });
  }

  async saveSearch(viewer: Viewer, s: SavedSearch): Promise<RosterPrefs> {
    // A clerk cannot keep a search they may not run.
    await this.assertFiltersAllowed(viewer, s.filters);
    return this.update(
      viewer.username,
      'roster.search.save',
      (p) => {
        const others = p.searches.filter((x) => x.name !== s.name);
        if (others.length >= MAX_SEARCHES) {
          throw new AppError('CONFLICT', ERR.roster.tooManySearches(MAX_SEARCHES));
        }
        return { ...p, searches: [...others, s] };
      },
      // The filter names, not their values: a saved search for one person's name stays out of the trail.
      { name: s.name, filters: Object.keys(s.filters).sort() },
    );
  }

  removeSearch(username: string, name: string): Promise<RosterPrefs> {
    return this.update(
      username,
      'roster.search.remove',
      (p) => {
        if (!p.searches.some((x) => x.name === name)) throw new AppError('NOT_FOUND', ERR.roster.noSavedSearch);
        return { ...p, searches: p.searches.filter((x) => x.name !== name) };
      },
      { name },
    );
  }

  private async update(username: string, action: string, change: (p: RosterPrefs) => RosterPrefs, details: Record<string, unknown>): Promise<RosterPrefs> {
    return this.db.write(async (m) => {
      const next = change(await this.prefs(username, m));
      await m.save(UserPrefEntity, { username, key: PREF_KEY, value: JSON.stringify(next), updatedAt: this.nowIso() });
      await this.audit.append(m, { actor: username, action, subject: `user:${username}`, details });
      return next;
    });
  }
}

/** What a roster row shows, as (column, name in the row). */
const COLUMNS: [string, string][] = [
  ...['id', 'household_id', 'name', 'gender', 'birth_date', 'citizen_id', 'resident_type', 'relation_to_head', 'political_status'].map(
    (c): [string, string] => [`r.${c}`, c],
  ),
  ...['move_in_date', 'review_status', 'status', 'status_on', 'disability', 'subsistence', 'health'].map((c): [string, string] => [`r.${c}`, c]),
  ['g.name', 'grid'],
  ['b.name', 'building'],
  ['u.name', 'unit'],
  ['h.room', 'room'],
  ['h.address', 'address'],
];

/**
 * residents r → households h → units u → buildings b → grids g, under the roster's conditions;
 * led by households when the page comes from their place index (see list). Led means led: with a
 * filter on residents (a name, an age) SQLite would start from residents and sort them all, so the
 * households' id is kept from being looked up (noIndex), and residents are found per household.
 */
function rosterQuery(m: EntityManager, lead: 'residents' | 'households', where: NamedPart[]): SelectQueryBuilder<ObjectLiteral> {
  const q =
    lead === 'households'
      ? m
          .createQueryBuilder()
          .from(HouseholdEntity, 'h')
          .innerJoin(ResidentEntity.options.name, 'r', `r.household_id = ${dialectOf(m).noIndex('h.id')}`)
      : m.createQueryBuilder().from(ResidentEntity, 'r').innerJoin(HouseholdEntity.options.name, 'h', 'h.id = r.household_id');
  q.innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unit_id')
    .innerJoin(BuildingEntity.options.name, 'b', 'b.id = u.building_id')
    .innerJoin(GridEntity.options.name, 'g', 'g.id = b.grid_id')
    .select([]);
  for (const c of where) q.andWhere(c.sql, c.params);
  return q;
}

function toRow(r: Record<string, unknown>, today: string, tags: Map<string, string[]>, sensitive: boolean): RosterRow {
  const s = (v: unknown) => (v == null ? null : String(v));
  const birth = s(r.birth_date);
  return {
    id: String(r.id),
    householdId: String(r.household_id),
    name: String(r.name),
    gender: s(r.gender),
    birthDate: birth,
    age: birth ? ageOn(birth, today) : null,
    citizenIdMasked: maskCitizenId(s(r.citizen_id)),
    residentType: String(r.resident_type),
    relationToHead: s(r.relation_to_head),
    politicalStatus: s(r.political_status),
    moveInDate: s(r.move_in_date),
    grid: String(r.grid),
    building: String(r.building),
    unit: String(r.unit),
    room: String(r.room),
    address: String(r.address),
    tagIds: tags.get(String(r.household_id)) ?? [],
    reviewStatus: String(r.review_status),
    status: String(r.status ?? 'active'),
    statusOn: s(r.status_on),
    ...(sensitive ? { disability: s(r.disability), subsistence: s(r.subsistence), health: s(r.health) } : {}),
  };
}
