import { describe, expect, it } from 'vitest';
import { sqlcipherDialect } from '../../electron/db/dialect';
import { numbered, postgresDialect } from '../../electron/db/dialect-postgres';
import { positionalParams } from '../../electron/db/sql-where';
import { rosterConditions } from '../../electron/services/roster-query';
import { householdShield, notShielded } from '../../electron/services/shield';

describe('one WHERE, two parameter styles (QueryBuilder and the export)', () => {
  it('turns named parameters back into ? in the order they appear, leaving other colons alone', () => {
    const p = positionalParams({ sql: "scope = 'household:' || h.id AND b = :b AND a = :a AND c = :b", params: { a: 1, b: 2 } });
    expect(p.sql).toBe("scope = 'household:' || h.id AND b = ? AND a = ? AND c = ?");
    expect(p.params).toEqual([2, 1, 2]);
  });

  it("PostgreSQL's reads number named parameters once per name, leaving casts and quoted text alone", () => {
    const q = numbered("a = :x AND g @> :g::text[] AND s = 'record:' || id AND t = ':x' AND b = :x AND c = :unknown", { x: 1, g: ['ab'] });
    expect(q.sql).toBe("a = $1 AND g @> $2::text[] AND s = 'record:' || id AND t = ':x' AND b = $1 AND c = :unknown");
    expect(q.values).toEqual([1, ['ab']]);
  });

  it("the roster's conditions put the clerk's shield first, in each engine's own forms", () => {
    // A letter with a case: LIKE, any case (a fragment of 汉字 alone is the name index's, below).
    const f = { name: 'Li_英', residentTypes: ['floating' as const, 'registered' as const], gridId: 'g1', ageMin: 60 };
    const clerk = { username: 'clerk', role: 'clerk' as const };
    const now = '2026-03-01T00:00:00Z';
    const lite = rosterConditions(f, '2026-03-01', sqlcipherDialect, clerk, now);
    expect(lite[0]).toEqual(notShielded(householdShield(clerk, 'h.id', now)));
    const p = positionalParams({ sql: lite.map((c) => c.sql).join(' AND '), params: Object.assign({}, ...lite.map((c) => c.params)) });
    expect(p.sql.startsWith('NOT (EXISTS')).toBe(true);
    expect(p.sql).toContain('+r.status IN (:...rStatus)');
    expect(p.sql).toContain("r.name LIKE ? ESCAPE '\\'");
    expect(p.params.slice(0, 2)).toEqual(['clerk', now]);
    // On PostgreSQL the same conditions: no unary plus on text, ILIKE for a case-blind name.
    const pg = rosterConditions(f, '2026-03-01', postgresDialect, clerk, now).map((c) => c.sql);
    expect(pg.join(' AND ')).toContain('r.status IN (:...rStatus)');
    expect(pg.join(' AND ')).not.toContain('+r.status');
    expect(pg.join(' AND ')).toContain("r.name ILIKE :rName ESCAPE '\\'");
    expect(rosterConditions(f, '2026-03-01', sqlcipherDialect).length).toBe(pg.length - 1);
    // Without letters that have a case the name index answers exactly, on each engine, with no LIKE beside it.
    const hanzi = (d: typeof postgresDialect) =>
      rosterConditions({ name: '秀_英' }, '2026-03-01', d)
        .map((c) => c.sql)
        .join(' AND ');
    expect(hanzi(postgresDialect)).toContain('archive_grams(r.name) @>');
    expect(hanzi(postgresDialect)).toContain('strpos(r.name, :rNameIdxText) > 0');
    expect(hanzi(sqlcipherDialect)).toContain('r.id IN (');
    for (const d of [postgresDialect, sqlcipherDialect]) expect(hanzi(d)).not.toMatch(/LIKE/);
  });
});
