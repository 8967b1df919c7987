import { describe, expect, it } from 'vitest';
import { sqlcipherDialect } from '../../electron/db/dialect';
import { postgresDialect } from '../../electron/db/dialect-postgres';
import { namedParams, positionalParams } from '../../electron/db/sql-where';
import { rosterConditions, rosterWhere } from '../../electron/services/roster-query';

describe('one WHERE, two parameter styles (QueryBuilder and the export)', () => {
  it('turns ? into named parameters outside quotes only, and refuses a count that does not match', () => {
    const p = namedParams("a = ? AND b LIKE '%?%' AND c IN (?, ?) AND d = 'x''?'", [1, 'two', 3], 'w');
    expect(p.sql).toBe("a = :w0 AND b LIKE '%?%' AND c IN (:w1, :w2) AND d = 'x''?'");
    expect(p.params).toEqual({ w0: 1, w1: 'two', w2: 3 });
    expect(() => namedParams('a = ? AND b = ?', [1], 'w')).toThrow();
    expect(() => namedParams('a = ?', [1, 2], 'w')).toThrow();
  });

  it('turns named parameters back into ? in the order they appear, leaving other colons alone', () => {
    const p = positionalParams({ sql: "scope = 'household:' || h.id AND b = :b AND a = :a AND c = :b", params: { a: 1, b: 2 } });
    expect(p.sql).toBe("scope = 'household:' || h.id AND b = ? AND a = ? AND c = ?");
    expect(p.params).toEqual([2, 1, 2]);
  });

  it("the export's WHERE lists the screen's conditions with the same values, the clerk's shield first", () => {
    const f = { name: '秀_英', residentTypes: ['floating' as const, 'registered' as const], gridId: 'g1', ageMin: 60 };
    const clerk = { username: 'clerk', role: 'clerk' as const };
    const w = rosterWhere(f, '2026-03-01', clerk, '2026-03-01T00:00:00Z');
    const text = w.toString();
    expect(text.startsWith('WHERE NOT (EXISTS')).toBe(true);
    expect(text).toContain('+r.status IN (?)');
    expect(text).toContain('r.resident_type IN (?, ?)');
    expect(text).toContain("r.name LIKE ? ESCAPE '\\'");
    expect(text).not.toMatch(/:[A-Za-z]/);
    expect(w.params).toEqual(['clerk', '2026-03-01T00:00:00Z', 'active', 'g1', '1966-03-01', 'floating', 'registered', '%秀\\_英%']);
    // On PostgreSQL the same conditions: no unary plus on text, ILIKE for a case-blind name.
    const pg = rosterConditions(f, '2026-03-01', postgresDialect, clerk, '2026-03-01T00:00:00Z').map((c) => c.sql);
    expect(pg.join(' AND ')).toContain('r.status IN (:...rStatus)');
    expect(pg.join(' AND ')).not.toContain('+r.status');
    expect(pg.join(' AND ')).toContain("r.name ILIKE :rName ESCAPE '\\'");
    expect(rosterConditions(f, '2026-03-01', sqlcipherDialect).length).toBe(pg.length - 1);
  });
});
