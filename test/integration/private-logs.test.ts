import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkDigit } from '../../shared/domain/citizen-id';
import { TestVault } from '../helpers/vault-fixture';

/** Everything written to stderr or through console.* while `fn` runs, as one string. */
async function captureLogs(fn: () => Promise<unknown>): Promise<{ logs: string; value: unknown }> {
  const parts: string[] = [];
  const spies = [
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (parts.push(String(chunk)), true)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (parts.push(String(chunk)), true)),
    ...(['error', 'warn', 'log', 'info', 'debug'] as const).map((k) =>
      vi.spyOn(console, k).mockImplementation((...a: unknown[]) => void parts.push(format(...a))),
    ),
  ];
  try {
    const value = await fn();
    return { logs: parts.join(''), value };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

describe('no personal data in logs', () => {
  const v = new TestVault();
  const first17 = '11010519491231002';
  const citizenId = first17 + checkDigit(first17);
  let householdId = '';
  beforeAll(async () => {
    await v.setup();
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '1号楼', code: 'B01' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
    householdId = (await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u.id, room: '101', residenceType: 'own' })).household.id;
  });
  afterAll(() => v.destroy());

  it('an internal error with a citizen ID and a health note in its SQL parameters logs only a code and an id', async () => {
    // Provoke a failure inside the INSERT itself, so the driver's error carries the statement's parameters.
    await v.core.services.db.write((m) => m.query("CREATE TRIGGER boom BEFORE INSERT ON residents BEGIN SELECT RAISE(ABORT, 'provoked'); END"));
    const { logs, value } = await captureLogs(() =>
      v.call('admin', 'residents.create', { householdId, name: '周隐私', residentType: 'registered', citizenId, health: 'HIV阳性（保密）' }),
    );
    const r = value as { ok: boolean; error: { code: string; zh: string; en: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('INTERNAL');
    // Nothing of the row reached the log …
    for (const secret of [citizenId, first17, 'HIV', '周隐私', 'provoked', 'INSERT']) expect(logs, secret).not.toContain(secret);
    // … only a line with an id (the one the user is shown) and the error's kind.
    const id = /error id ([0-9a-f]{8})/.exec(r.error.en)?.[1];
    expect(id, r.error.en).toBeTruthy();
    expect(r.error.zh).toContain(id!);
    expect(logs).toContain(`internal error ${id}`);
    expect(logs).toMatch(/QueryFailedError SQLITE_CONSTRAINT/);
    await v.core.services.db.write((m) => m.query('DROP TRIGGER boom'));
  });

  it('TypeORM query logging is off', () => {
    expect(v.core.services.db.ds.options.logging).toBe(false);
  });

  it('no module on the Node side logs an error object or message (only internal-log.ts writes errors)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f)) files.push(p);
      }
    };
    walk('electron');
    // Allowed: one string or template literal (words). Anything else may hand an error object to the log.
    const offenders = files.filter((f) => {
      const calls = readFileSync(f, 'utf8').match(/console\.\w+\([^\n]*/g) ?? [];
      return calls.some((c) => !/^console\.\w+\((`[^`]*`|'[^']*'|"[^"]*")\)/.test(c));
    });
    // The CLI's own output adapter is the one console.* call with a variable: it prints words.
    expect(offenders.filter((f) => !f.endsWith(join('cli', 'index.ts')))).toEqual([]);
  });
});
