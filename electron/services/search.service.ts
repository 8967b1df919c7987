import type { SearchHit } from '../../shared/contract/register.contract';
import { addressFragments, addressKey, addressMatches } from '../../shared/domain/address-key';
import { classifyQuery, WHOLE_MOBILE } from '../../shared/domain/search-keys';
import type { Database } from '../db/database';
import type { PrefixKey, RecordHitRow, ResidentHitRow } from '../db/engine';
import { maskCitizenId } from '../../shared/domain/citizen-id';
import { householdShield, notShielded, recordShield, shieldFlag, type QueryPart, type Viewer } from './shield';

type ResRow = ResidentHitRow;
type RecRow = RecordHitRow;

/** Chinese characters, the rare ones beyond the BMP included. */
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** Households are read from the index in chunks until enough pass the address match. */
const CHUNK = 200;

/**
 * The one search box. Every path is an index look-up of the engine's (EngineDialect.search): exact
 * 档号 and citizen ID (a barcode scan lands here), phone and ID by their first digits (index range)
 * or last digits (the reversed-value index), pinyin keys by index range, Chinese fragments of
 * names, addresses and titles through the fragment index (SQLite: the trigram index of
 * search-index.ts; PostgreSQL: character grams, its migration 0007) — 1, 2 or more characters.
 * Names rank exact, then prefix, then fragment, members of one household side by side. Hits carry display text and IDs; opening a
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
    // Every look-up is the engine's (dialect search): on SQLite a statement prepared once and kept
    // (Database.read), so a scanned 档号 or ID costs its index look-ups.
    const db = this.db;
    const find = db.dialect.search;
    const s = q.trim();
    const now = this.nowIso();
    // Every resident and household condition below is ANDed with this one.
    const hs = notShielded(householdShield(viewer, 'h.id', now));
    const rc = notShielded(recordShield(viewer, 'archive_records', now));
    // Departed residents (迁出, 死亡) are found by their exact citizen ID only: the search box looks at the active roster.
    const live: QueryPart = { sql: `${hs.sql} AND ${find.activeResident}`, params: hs.params };
    const liveHousehold: QueryPart = { sql: `${hs.sql} AND h.status = 'active'`, params: hs.params };

    // An exact 档号 answers alone, as does a citizen ID or a whole mobile number someone has. The ID or
    // number is looked up beside the 档号, not after it: on PostgreSQL the two statements wait on two
    // pooled connections at once (one round trip instead of two; SQLite runs them one after the other).
    // A Chinese text is a name far more often than a 档号: its names are asked for beside the 档号
    // too (index look-ups only; a latin text's title scan still waits for the 档号's answer).
    const kind = classifyQuery(s);
    const key = addressKey(s);
    const chinese = kind === 'text' && CJK.test(key);
    const [exactNo, exactKey, names] = await Promise.all([
      find.recordsByArchiveNo(db, s, shieldFlag(recordShield(viewer, 'a', now))),
      kind === 'citizen-id'
        ? find.residentsByCitizenId(db, s.toUpperCase(), hs)
        : kind === 'phone' && WHOLE_MOBILE.test(s)
          ? find.residentsByPhone(db, s, live)
          : Promise.resolve([]),
      chinese ? this.byName(s, limit, live) : Promise.resolve([]),
    ]);
    if (exactNo.length) return exactNo.map((r) => rec(r, true));
    if (kind === 'citizen-id') return exactKey.map((r) => res(r, true));
    // At 1M residents a whole phone's four ranges below cost twice its one look-up at p95.
    if (exactKey.length) return exactKey.slice(0, limit).map((r) => res(r, true));

    const hits: SearchHit[] = [];
    switch (kind) {
      case 'phone': {
        // Digits are what a keeper remembers of a phone or an ID: its start or its end ("2976", the
        // last digits of an ID card). A whole phone number comes first, marked exact.
        const d = s.replace('-', '');
        const rev = [...d].reverse().join('');
        const ranges: [PrefixKey, string][] = [
          ['phone', s],
          ['citizen_id', d],
          ['phone_tail', rev],
          ['citizen_id_tail', rev],
        ];
        hits.push(...ranked((await find.residentsByPrefix(db, ranges, limit, live)).map((r) => res(r, r.phone === s))));
        break;
      }
      case 'latin': {
        const p = s.toLowerCase();
        const rows = await find.residentsByPrefix(
          db,
          [
            ['name_initials', p],
            ['name_pinyin', p],
          ],
          limit,
          live,
        );
        hits.push(...rows.map((r) => res(r, false)));
        break;
      }
      case 'text': {
        if (chinese) {
          // Names, then addresses, then titles, cut at the limit: addresses and titles are only asked
          // for the room the names left (a common character fills the page with names alone), side by
          // side (on PostgreSQL two pooled connections at once; SQLite runs them one after the other).
          hits.push(...names);
          if (hits.length < limit) {
            const [places, titles] = await Promise.all([
              this.byAddress(key, limit - hits.length, liveHousehold),
              find.recordsByTitleFragment(db, s, limit - hits.length, rc),
            ]);
            hits.push(...places, ...titles.map((r) => rec(r, false)));
          }
        } else {
          hits.push(...(await find.recordsByLatinText(db, s, limit, rc)).map((r) => rec(r, false)));
        }
        break;
      }
    }
    const seen = new Set<string>();
    return hits.filter((h) => !seen.has(`${h.kind}:${h.id}`) && seen.add(`${h.kind}:${h.id}`)).slice(0, limit);
  }

  /** Residents whose name is the text, starts with it, or holds it — in that order, households together. */
  private async byName(s: string, limit: number, hs: QueryPart): Promise<SearchHit[]> {
    const find = this.db.dialect.search;
    // The name index, in name order: the exact name sorts first, then every name it begins.
    const head = await find.residentsByNamePrefix(this.db, s, limit, hs);
    const rest = head.length < limit ? await find.residentsByNameFragment(this.db, s, limit + head.length, hs) : [];
    const rank = (r: ResRow) => (r.name === s ? 0 : r.name.startsWith(s) ? 1 : 2);
    const seen = new Set<string>();
    return [...head, ...rest]
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, limit)
      .sort((a, b) => rank(a) - rank(b) || cmp(a.address, b.address) || cmp(a.household_id, b.household_id) || cmp(a.name, b.name))
      .map((r) => res(r, false));
  }

  /** Households whose address holds the typed one (address-key.ts), read from the index in chunks. */
  private async byAddress(key: string, limit: number, hs: QueryPart): Promise<SearchHit[]> {
    const fragments = addressFragments(key);
    const out: SearchHit[] = [];
    for (let after: string | null = null; ;) {
      const hh = await this.db.dialect.search.householdsByAddress(this.db, fragments, after, CHUNK, hs);
      for (const h of hh)
        if (addressMatches(key, addressKey(h.address))) out.push({ kind: 'household', id: h.id, title: h.address, subtitle: '', exact: false });
      if (out.length >= limit || hh.length < CHUNK) return out.slice(0, limit);
      after = hh[hh.length - 1].cursor;
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
