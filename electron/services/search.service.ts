import type { SearchHit } from '../../shared/contract/register.contract';
import { addressKey, addressKeySql, addressMatches, addressNeedle } from '../../shared/domain/address-key';
import { classifyQuery } from '../../shared/domain/search-keys';
import type { Database } from '../db/database';
import { likeEscape } from '../db/sql-where';
import { maskCitizenId } from './residents.service';
import { notShielded, shieldedHousehold, shieldedRecord, shieldFlag, type Viewer } from './shield';

type ResRow = { id: string; name: string; address: string; citizen_id: string | null };
type RecRow = { id: string; archive_no: string; title: string; shielded?: number };

const RES = 'SELECT r.id, r.name, r.citizen_id, h.address FROM residents r JOIN households h ON h.id = r.household_id';

/**
 * The one search box. Exact 档号 or citizen ID answers at once from an index (a barcode scan
 * lands here); phone numbers and pinyin keys use index range scans; only Chinese fragments
 * scan names, addresses and titles. Hits carry display text and IDs; opening a resident's
 * details is a separate, audited look-up.
 * For a clerk, shielded households (see shield.ts) yield no resident or household hits, and their
 * records are found by exact 档号 only, without a title.
 */
export class SearchService {
  constructor(
    private readonly db: Database,
    private readonly nowIso: () => string = () => new Date().toISOString(),
  ) {}

  async query(q: string, limit: number, viewer?: Viewer): Promise<SearchHit[]> {
    const m = this.db.manager;
    const s = q.trim();
    const now = this.nowIso();
    const flag = shieldFlag(shieldedRecord(viewer, 'a', now));
    const exactNo: RecRow[] = await m.query(`SELECT a.id, a.archive_no, a.title, ${flag.sql} AS shielded FROM archive_records a WHERE a.archive_no = ?`, [
      ...flag.params,
      s,
    ]);
    if (exactNo.length) return exactNo.map((r) => rec(r, true));
    // Every resident and household condition below is ANDed with this one.
    const hs = notShielded(shieldedHousehold(viewer, 'h.id', now));
    const rc = notShielded(shieldedRecord(viewer, 'archive_records', now));
    // Departed residents (迁出, 死亡) are found by their exact citizen ID only: the search box looks at the active roster.
    const RESV = `${RES} WHERE ${hs.sql} AND r.status = 'active' AND`;

    const hits: SearchHit[] = [];
    switch (classifyQuery(s)) {
      case 'citizen-id': {
        const rows: ResRow[] = await m.query(`${RES} WHERE ${hs.sql} AND r.citizen_id = ?`, [...hs.params, s.toUpperCase()]);
        return rows.map((r) => res(r, true));
      }
      case 'phone': {
        // Digits are what a keeper remembers of a phone or an ID: its start (index range scans) or
        // its end ("2976", the last digits of an ID card; a scan, a few ms at 100k residents).
        const d = s.replace('-', '');
        const byPhone: ResRow[] = await m.query(`${RESV} r.phone >= ? AND r.phone < ? LIMIT ?`, [...hs.params, s, `${s}~`, limit]);
        const byIdStart: ResRow[] = await m.query(`${RESV} r.citizen_id >= ? AND r.citizen_id < ? LIMIT ?`, [...hs.params, d, `${d}~`, limit]);
        const byEnd: ResRow[] = await m.query(`${RESV} (substr(r.phone, -?) = ? OR substr(r.citizen_id, -?) = ?) LIMIT ?`, [
          ...hs.params,
          d.length,
          d,
          d.length,
          d,
          limit,
        ]);
        hits.push(...[...byPhone, ...byIdStart, ...byEnd].map((r) => res(r, false)));
        break;
      }
      case 'latin': {
        const p = s.toLowerCase();
        const byInitials: ResRow[] = await m.query(`${RESV} r.name_initials >= ? AND r.name_initials < ? LIMIT ?`, [...hs.params, p, `${p}~`, limit]);
        const byPinyin: ResRow[] = await m.query(`${RESV} r.name_pinyin >= ? AND r.name_pinyin < ? LIMIT ?`, [...hs.params, p, `${p}~`, limit]);
        hits.push(...[...byInitials, ...byPinyin].map((r) => res(r, false)));
        break;
      }
      case 'text': {
        // Addresses compare by key (address-key.ts): "4号楼1单元101" and "4-1-101" find "第一网格 4号楼 1单元 101".
        const key = addressKey(s);
        if (/[\u3400-\u9fff]/.test(key)) {
          hits.push(...(await m.query(`${RESV} instr(r.name, ?) > 0 LIMIT ?`, [...hs.params, s, limit])).map((r: ResRow) => res(r, false)));
          // Building, unit and room are matched in JS ("2号楼" is not 12号楼; "2栋301" skips the unit), so
          // the database narrows by the building (or the words) and every candidate comes back.
          const needle = addressNeedle(key);
          const narrow = needle !== key;
          const hh: { id: string; address: string }[] = await m.query(
            `SELECT h.id, h.address FROM households h WHERE ${hs.sql} AND h.status = 'active' AND instr(${addressKeySql('h.address')}, ?) > 0${narrow ? '' : ' LIMIT ?'}`,
            [...hs.params, needle, ...(narrow ? [] : [limit])],
          );
          hits.push(
            ...hh
              .filter((h) => addressMatches(key, addressKey(h.address)))
              .slice(0, limit)
              .map((h) => ({ kind: 'household' as const, id: h.id, title: h.address, subtitle: '', exact: false })),
          );
          const rr: RecRow[] = await m.query(`SELECT id, archive_no, title FROM archive_records WHERE ${rc.sql} AND instr(title, ?) > 0 LIMIT ?`, [
            ...rc.params,
            s,
            limit,
          ]);
          hits.push(...rr.map((r) => rec(r, false)));
        } else {
          const f = `%${likeEscape(s)}%`;
          const rr: RecRow[] = await m.query(
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
}

function rec(r: RecRow, exact: boolean): SearchHit {
  return { kind: 'record', id: r.id, title: r.archive_no, subtitle: Number(r.shielded ?? 0) === 1 ? '' : r.title, exact };
}

function res(r: ResRow, exact: boolean): SearchHit {
  return { kind: 'resident', id: r.id, title: r.name, subtitle: [r.address, maskCitizenId(r.citizen_id)].filter(Boolean).join(' · '), exact };
}
