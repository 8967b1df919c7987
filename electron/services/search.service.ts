import type { SearchHit } from '../../shared/contract/register.contract';
import { classifyQuery } from '../../shared/domain/search-keys';
import type { Database } from '../db/database';
import { likeEscape } from '../db/sql-where';
import { maskCitizenId } from './residents.service';

/**
 * The one search box: 档号 and citizen ID exactly (indexed), phone by prefix (index range),
 * pinyin initials / full pinyin by prefix, and name, address or title fragments.
 * Hits carry IDs and display text only; opening a resident's details is a separate, audited look-up.
 */
export class SearchService {
  constructor(private readonly db: Database) {}

  async query(q: string, limit: number): Promise<SearchHit[]> {
    const m = this.db.manager;
    const s = q.trim();
    const hits: SearchHit[] = [];
    const rec = (r: { id: string; archive_no: string; title: string }, exact: boolean): SearchHit => ({ kind: 'record', id: r.id, title: r.archive_no, subtitle: r.title, exact });
    const res = (r: { id: string; name: string; address: string; citizen_id: string | null }, exact: boolean): SearchHit => ({
      kind: 'resident', id: r.id, title: r.name, subtitle: [r.address, maskCitizenId(r.citizen_id)].filter(Boolean).join(' · '), exact,
    });
    const RES = 'SELECT r.id, r.name, r.citizen_id, h.address FROM residents r JOIN households h ON h.id = r.household_id';

    const byNo: { id: string; archive_no: string; title: string }[] = await m.query('SELECT id, archive_no, title FROM archive_records WHERE archive_no = ?', [s]);
    hits.push(...byNo.map((r) => rec(r, true)));

    const kind = classifyQuery(s);
    if (kind === 'citizen-id') {
      hits.push(...(await m.query(`${RES} WHERE r.citizen_id = ?`, [s.toUpperCase()])).map((r: never) => res(r, true)));
    } else if (kind === 'phone') {
      hits.push(...(await m.query(`${RES} WHERE r.phone >= ? AND r.phone < ? LIMIT ?`, [s, `${s}~`, limit])).map((r: never) => res(r, false)));
    } else if (kind === 'latin') {
      const p = `${likeEscape(s.toLowerCase())}%`;
      hits.push(...(await m.query(`${RES} WHERE r.name_initials LIKE ? ESCAPE '\\' OR r.name_pinyin LIKE ? ESCAPE '\\' LIMIT ?`, [p, p, limit])).map((r: never) => res(r, false)));
    }
    if (kind === 'text' || kind === 'latin') {
      const f = `%${likeEscape(s)}%`;
      hits.push(...(await m.query(`${RES} WHERE r.name LIKE ? ESCAPE '\\' LIMIT ?`, [f, limit])).map((r: never) => res(r, false)));
      const hh: { id: string; address: string }[] = await m.query("SELECT id, address FROM households WHERE address LIKE ? ESCAPE '\\' LIMIT ?", [f, limit]);
      hits.push(...hh.map((h) => ({ kind: 'household' as const, id: h.id, title: h.address, subtitle: '', exact: false })));
      const rr: { id: string; archive_no: string; title: string }[] = await m.query(
        "SELECT id, archive_no, title FROM archive_records WHERE title LIKE ? ESCAPE '\\' OR archive_no LIKE ? ESCAPE '\\' LIMIT ?",
        [f, f, limit],
      );
      hits.push(...rr.map((r) => rec(r, false)));
    }
    const seen = new Set<string>();
    return hits.filter((h) => !seen.has(`${h.kind}:${h.id}`) && seen.add(`${h.kind}:${h.id}`)).slice(0, limit);
  }
}
