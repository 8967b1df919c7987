import type { SearchHit } from '../../shared/contract/register.contract';
import { addressFragments, addressKey, addressMatches } from '../../shared/domain/address-key';
import { classifyQuery } from '../../shared/domain/search-keys';
import type { Database } from '../db/database';
import { CITIZEN_ID_MAX, containsQuery, matchFrom, matchWhere, PHONE_MAX, reversedSql } from '../db/search-index';
import { likeEscape } from '../db/sql-where';
import { maskCitizenId } from './residents.service';
import { notShielded, shieldedHousehold, shieldedRecord, shieldFlag, type SqlPart, type Viewer } from './shield';

type ResRow = { id: string; name: string; address: string; citizen_id: string | null; phone: string | null; household_id: string };
type RecRow = { id: string; archive_no: string; title: string; shielded?: number };

const RES_COLS = 'r.id, r.name, r.citizen_id, r.phone, r.household_id, h.address';
const RES = `SELECT ${RES_COLS} FROM residents r JOIN households h ON h.id = r.household_id`;
/** Sorts after every character: `x >= s AND x < s + TOP` is "x starts with s" as an index range. */
const TOP = '\u{10ffff}';
/** Chinese characters, the rare ones beyond the BMP included. */
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** Households are read from the index in chunks until enough pass the address match. */
const CHUNK = 200;

/**
 * The one search box. Every path is an index look-up: exact 档号 and citizen ID (a barcode scan
 * lands here), phone and ID by their first digits (index range) or last digits (the reversed-value
 * index), pinyin keys by index range, Chinese fragments of names, addresses and titles through the
 * trigram index (search-index.ts) — 1, 2 or more characters. Names rank exact, then prefix, then
 * fragment, members of one household side by side. Hits carry display text and IDs; opening a
 * resident's details is a separate, audited look-up.
 * For a clerk, shielded households (see shield.ts) yield no resident or household hits, and their
 * records are found by exact 档号 only, without a title.
 */
export class SearchService {
  constructor(
    private readonly db: Database,
    private readonly nowIso: () => string = () => new Date().toISOString(),
  ) {}

  async query(q: string, limit: number, viewer?: Viewer): Promise<SearchHit[]> {
    // Every statement here is prepared once and kept (Database.read): a scanned 档号 or ID costs its index look-ups.
    const m = this.db;
    const s = q.trim();
    const now = this.nowIso();
    const flag = shieldFlag(shieldedRecord(viewer, 'a', now));
    const exactNo: RecRow[] = await m.read(`SELECT a.id, a.archive_no, a.title, ${flag.sql} AS shielded FROM archive_records a WHERE a.archive_no = ?`, [
      ...flag.params,
      s,
    ]);
    if (exactNo.length) return exactNo.map((r) => rec(r, true));
    // Every resident and household condition below is ANDed with this one.
    const hs = notShielded(shieldedHousehold(viewer, 'h.id', now));
    const rc = notShielded(shieldedRecord(viewer, 'archive_records', now));
    // Departed residents (迁出, 死亡) are found by their exact citizen ID only: the search box looks at the active roster.
    // `+r.status`: nearly everyone is active, so the status index must never lead (SQLite, with no
    // statistics, preferred it to the phone and pinyin ranges and read every active resident).
    const live: SqlPart = { sql: `${hs.sql} AND +r.status = 'active'`, params: hs.params };
    const liveHousehold: SqlPart = { sql: `${hs.sql} AND h.status = 'active'`, params: hs.params };

    const hits: SearchHit[] = [];
    switch (classifyQuery(s)) {
      case 'citizen-id': {
        const rows: ResRow[] = await m.read(`${RES} WHERE ${hs.sql} AND r.citizen_id = ?`, [...hs.params, s.toUpperCase()]);
        return rows.map((r) => res(r, true));
      }
      case 'phone': {
        // Digits are what a keeper remembers of a phone or an ID: its start or its end ("2976", the
        // last digits of an ID card). A whole phone number comes first, marked exact.
        const d = s.replace('-', '');
        const rev = [...d].reverse().join('');
        const ranges: [expr: string, value: string][] = [
          ['r.phone', s],
          ['r.citizen_id', d],
          [reversedSql('r.phone', PHONE_MAX), rev],
          [reversedSql('r.citizen_id', CITIZEN_ID_MAX), rev],
        ];
        hits.push(...ranked((await this.anyOf(ranges, limit, live)).map((r) => res(r, r.phone === s))));
        break;
      }
      case 'latin': {
        const p = s.toLowerCase();
        const rows = await this.anyOf(
          [
            ['r.name_initials', p],
            ['r.name_pinyin', p],
          ],
          limit,
          live,
        );
        hits.push(...rows.map((r) => res(r, false)));
        break;
      }
      case 'text': {
        const key = addressKey(s);
        if (CJK.test(key)) {
          hits.push(...(await this.byName(s, limit, live)));
          hits.push(...(await this.byAddress(key, limit, liveHousehold)));
          const rr: RecRow[] = await m.read(
            `SELECT archive_records.id, archive_no, title FROM ${matchFrom('a', 'archive_records')} WHERE ${matchWhere('a')} AND ${rc.sql} LIMIT ?`,
            [containsQuery([s]), ...rc.params, limit],
          );
          hits.push(...rr.map((r) => rec(r, false)));
        } else {
          const f = `%${likeEscape(s)}%`;
          const rr: RecRow[] = await m.read(
            `SELECT id, archive_no, title FROM archive_records WHERE ${rc.sql} AND (archive_no LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\') LIMIT ?`,
            [...rc.params, f, f, limit],
          );
          hits.push(...rr.map((r) => rec(r, false)));
        }
        break;
      }
    }
    const seen = new Set<string>();
    return hits.filter((h) => !seen.has(`${h.kind}:${h.id}`) && seen.add(`${h.kind}:${h.id}`)).slice(0, limit);
  }

  /**
   * Residents whose `expr` starts with `value`, for any of the pairs, in one statement: each an index
   * range in the order given (the first sorted, so a whole value comes first); reading stops once
   * enough rows came back (twice the limit: a row found by two ranges counts once).
   */
  private anyOf(ranges: [expr: string, value: string][], limit: number, hs: SqlPart): Promise<ResRow[]> {
    const one = (expr: string) => `SELECT * FROM (${RES} WHERE ${hs.sql} AND ${expr} >= ? AND ${expr} < ? ORDER BY ${expr} LIMIT ?)`;
    return this.db.read<ResRow>(`${ranges.map(([expr]) => one(expr)).join(' UNION ALL ')} LIMIT ?`, [
      ...ranges.flatMap(([, v]) => [...hs.params, v, `${v}~`, limit]),
      2 * limit,
    ]);
  }

  /** Residents whose name is the text, starts with it, or holds it — in that order, households together. */
  private async byName(s: string, limit: number, hs: SqlPart): Promise<SearchHit[]> {
    const m = this.db;
    // The name index, in name order: the exact name sorts first, then every name it begins.
    const head: ResRow[] = await m.read(`${RES} WHERE ${hs.sql} AND r.name >= ? AND r.name < ? ORDER BY r.name LIMIT ?`, [...hs.params, s, s + TOP, limit]);
    const rest: ResRow[] =
      head.length < limit
        ? await m.read(
            `SELECT ${RES_COLS} FROM ${matchFrom('r', 'r')} JOIN households h ON h.id = r.household_id WHERE ${matchWhere('r')} AND ${hs.sql} LIMIT ?`,
            [containsQuery([s]), ...hs.params, limit + head.length],
          )
        : [];
    const rank = (r: ResRow) => (r.name === s ? 0 : r.name.startsWith(s) ? 1 : 2);
    const seen = new Set<string>();
    return [...head, ...rest]
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, limit)
      .sort((a, b) => rank(a) - rank(b) || cmp(a.address, b.address) || cmp(a.household_id, b.household_id) || cmp(a.name, b.name))
      .map((r) => res(r, false));
  }

  /** Households whose address holds the typed one (address-key.ts), read from the index in chunks. */
  private async byAddress(key: string, limit: number, hs: SqlPart): Promise<SearchHit[]> {
    const match = containsQuery(addressFragments(key));
    const out: SearchHit[] = [];
    for (let after = 0; ;) {
      const hh: { id: string; address: string; n: number }[] = await this.db.read(
        `SELECT h.id, h.address, f.rowid AS n FROM ${matchFrom('h', 'h')} WHERE ${matchWhere('h')} AND f.rowid > ? AND ${hs.sql} ORDER BY f.rowid LIMIT ?`,
        [match, after, ...hs.params, CHUNK],
      );
      for (const h of hh)
        if (addressMatches(key, addressKey(h.address))) out.push({ kind: 'household', id: h.id, title: h.address, subtitle: '', exact: false });
      if (out.length >= limit || hh.length < CHUNK) return out.slice(0, limit);
      after = Number(hh[hh.length - 1].n);
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Exact hits first, the rest in the order found. */
function ranked(hits: SearchHit[]): SearchHit[] {
  return [...hits.filter((h) => h.exact), ...hits.filter((h) => !h.exact)];
}

function rec(r: RecRow, exact: boolean): SearchHit {
  return { kind: 'record', id: r.id, title: r.archive_no, subtitle: Number(r.shielded ?? 0) === 1 ? '' : r.title, exact };
}

function res(r: ResRow, exact: boolean): SearchHit {
  return { kind: 'resident', id: r.id, title: r.name, subtitle: [r.address, maskCitizenId(r.citizen_id)].filter(Boolean).join(' · '), exact };
}
