import type { EntityManager } from 'typeorm';
import type { RosterFilters, RosterPrefs, RosterRow, RosterSort, SavedSearch } from '../../shared/contract/roster.contract';
import { DEFAULT_ROSTER_COLUMNS, RosterPrefs as RosterPrefsSchema } from '../../shared/contract/roster.contract';
import { ageOn } from '../../shared/domain/age-range';
import { mayUseSensitiveFacts, sensitiveFiltersUsed } from '../../shared/domain/roster-policy';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { UserPrefEntity } from '../db/entities';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import { maskCitizenId } from './residents.service';
import { ROSTER_FROM, ROSTER_FROM_PLACES, rosterOrder, rosterWhere } from './roster-query';
import { shieldedHousehold, type Viewer } from './shield';
import type { SqlWhere } from '../db/sql-where';
import { rosterStatus } from '../../shared/domain/life-events';

export type Cursor = (string | number | null)[];
const PREF_KEY = 'roster';
const MAX_SEARCHES = 30;

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
  ): Promise<{ rows: RosterRow[]; total: number; next: Cursor | null }> {
    await this.assertFiltersAllowed(viewer, r.filters);
    const m = this.db.manager;
    const today = await this.calendar.today(m);
    const w = rosterWhere(r.filters, today, viewer, this.nowIso());
    const placeKey = this.db.dialect.kind === 'sqlcipher';
    const { exprs, dir } = rosterOrder(r.sort, placeKey);
    // The total is counted on the first page only (the screen keeps it while it scrolls); the whole
    // active roster's total is the dashboard's counter, not a count of 1M rows.
    const total = r.after ? -1 : await this.count(r.filters, w, viewer);
    const keys = exprs.map((e, i) => `${e} AS k${i}`).join(', ');
    const page = new SqlPage(w.toString(), w.params);
    if (r.after) {
      if (r.after.length !== exprs.length) throw new AppError('VALIDATION', ERR.roster.stalePage);
      page.and(`(${exprs.join(', ')}) ${dir === 'ASC' ? '>' : '<'} (${exprs.map(() => '?').join(', ')})`, r.after);
      // The leading key as a plain range too, so the index starts there instead of at the first row.
      if (placeKey && exprs[0] === 'h.place_key') page.and(`h.place_key ${dir === 'ASC' ? '>=' : '<='} ?`, [r.after[0]]);
    } else if (placeKey && exprs[0] === 'h.place_key') page.and('h.place_key >= ?', ['']); // every key: else SQLite scans and sorts everyone
    const from = placeKey && exprs[0] === 'h.place_key' ? ROSTER_FROM_PLACES : ROSTER_FROM;
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT r.id, r.household_id, r.name, r.gender, r.birth_date, r.citizen_id, r.resident_type, r.relation_to_head, r.political_status,
        r.move_in_date, r.review_status, r.status, r.status_on, r.disability, r.subsistence, r.health, g.name AS grid, b.name AS building, u.name AS unit, h.room, h.address, ${keys}
       ${from} ${page.where} ORDER BY ${exprs.map((e) => `${e} ${dir}`).join(', ')} LIMIT ?`,
      [...page.params, r.limit + 1],
    );
    const more = rows.length > r.limit;
    const shown = rows.slice(0, r.limit);
    const tags = await this.tagsOf(shown.map((x) => String(x.household_id)));
    const sensitive = mayUseSensitiveFacts(viewer.role);
    const last = shown[shown.length - 1];
    return {
      rows: shown.map((x) => toRow(x, today, tags, sensitive)),
      total,
      next: more && last ? exprs.map((_, i) => last[`k${i}`] as string | number | null) : null,
    };
  }

  /** How many residents the filters find: the active roster's counter when nothing narrows it. */
  private async count(f: RosterFilters, w: SqlWhere, viewer: Viewer): Promise<number> {
    const m = this.db.manager;
    const narrowed = Object.entries(f).some(([k, v]) => k !== 'status' && v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length));
    const st = rosterStatus(f.status);
    const shielded = !!shieldedHousehold(viewer, 'h.id', this.nowIso());
    if (!narrowed && !shielded && st.length === 1 && st[0] === 'active' && this.db.dialect.kind === 'sqlcipher')
      return Number(((await m.query("SELECT n FROM tally_totals WHERE what = 'residents'")) as { n: number }[])[0]?.n ?? 0);
    return Number(((await m.query(`SELECT count(*) AS n ${ROSTER_FROM} ${w}`, w.params)) as { n: number }[])[0].n);
  }

  private async tagsOf(householdIds: string[]): Promise<Map<string, string[]>> {
    const by = new Map<string, string[]>();
    const ids = [...new Set(householdIds)];
    if (!ids.length) return by;
    const rows: { household_id: string; tag_id: string }[] = await this.db.manager.query(
      `SELECT ht.household_id, ht.tag_id FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id IN (${ids.map(() => '?').join(',')}) ORDER BY t.sort_order, t.name`,
      ids,
    );
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

  saveSearch(username: string, s: SavedSearch): Promise<RosterPrefs> {
    return this.update(
      username,
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

/** A WHERE clause that can take one more condition (the keyset position). */
class SqlPage {
  constructor(
    public where: string,
    public params: unknown[],
  ) {}
  and(cond: string, values: unknown[]): void {
    this.where = this.where ? `${this.where} AND ${cond}` : `WHERE ${cond}`;
    this.params = [...this.params, ...values];
  }
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
