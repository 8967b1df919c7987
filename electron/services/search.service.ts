import type { SearchHit } from '../../shared/contract/register.contract';
import { classifyQuery } from '../../shared/domain/search-keys';
import type { Database } from '../db/database';
import { likeEscape } from '../db/sql-where';
import { maskCitizenId } from './residents.service';

type ResRow = { id: string; name: string; address: string; citizen_id: string | null };
type RecRow = { id: string; archive_no: string; title: string };

const RES = 'SELECT r.id, r.name, r.citizen_id, h.address FROM residents r JOIN households h ON h.id = r.household_id';

/**
 * The one search box. Exact 档号 or citizen ID answers at once from an index (a barcode scan
 * lands here); phone numbers and pinyin keys use index range scans; only Chinese fragments
 * scan names, addresses and titles. Hits carry display text and IDs; opening a resident's
 * details is a separate, audited look-up.
 */
export class SearchService {
  constructor(private readonly db: Database) {}

  async query(q: string, limit: number): Promise<SearchHit[]> {
    const m = this.db.manager;
    const s = q.trim();
    const exactNo: RecRow[] = await m.query('SELECT id, archive_no, title FROM archive_records WHERE archive_no = ?', [s]);
    if (exactNo.length) return exactNo.map((r) => rec(r, true));

    const hits: SearchHit[] = [];
    switch (classifyQuery(s)) {
      case 'citizen-id': {
        const rows: ResRow[] = await m.query(`${RES} WHERE r.citizen_id = ?`, [s.toUpperCase()]);
        return rows.map((r) => res(r, true));
      }
      case 'phone':
        hits.push(...(await m.query(`${RES} WHERE r.phone >= ? AND r.phone < ? LIMIT ?`, [s, `${s}~`, limit])).map((r: ResRow) => res(r, false)));
        break;
      case 'latin': {
        const p = s.toLowerCase();
        const byInitials: ResRow[] = await m.query(`${RES} WHERE r.name_initials >= ? AND r.name_initials < ? LIMIT ?`, [p, `${p}~`, limit]);
        const byPinyin: ResRow[] = await m.query(`${RES} WHERE r.name_pinyin >= ? AND r.name_pinyin < ? LIMIT ?`, [p, `${p}~`, limit]);
        hits.push(...[...byInitials, ...byPinyin].map((r) => res(r, false)));
        break;
      }
      case 'text': {
        // instr() is a plain substring test: cheaper than LIKE's case folding, and exact for Chinese.
        if (/[\u3400-\u9fff]/.test(s)) {
          hits.push(...(await m.query(`${RES} WHERE instr(r.name, ?) > 0 LIMIT ?`, [s, limit])).map((r: ResRow) => res(r, false)));
          const hh: { id: string; address: string }[] = await m.query('SELECT id, address FROM households WHERE instr(address, ?) > 0 LIMIT ?', [s, limit]);
          hits.push(...hh.map((h) => ({ kind: 'household' as const, id: h.id, title: h.address, subtitle: '', exact: false })));
          const rr: RecRow[] = await m.query('SELECT id, archive_no, title FROM archive_records WHERE instr(title, ?) > 0 LIMIT ?', [s, limit]);
          hits.push(...rr.map((r) => rec(r, false)));
        } else {
          const f = `%${likeEscape(s)}%`;
          const rr: RecRow[] = await m.query("SELECT id, archive_no, title FROM archive_records WHERE archive_no LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' LIMIT ?", [f, f, limit]);
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
  return { kind: 'record', id: r.id, title: r.archive_no, subtitle: r.title, exact };
}

function res(r: ResRow, exact: boolean): SearchHit {
  return { kind: 'resident', id: r.id, title: r.name, subtitle: [r.address, maskCitizenId(r.citizen_id)].filter(Boolean).join(' · '), exact };
}
