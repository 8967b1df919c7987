import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskLedger, MemoryLedger, SpillingLedger, type KeyLedger } from '../../electron/import/key-ledger';
import { checkDigit } from '../../shared/domain/citizen-id';
import { importPeak } from '../bench/import-memory.bench';
import { communityRows, toCsv } from '../helpers/import-sheets';

/** A well-formed citizen ID per n (17 digits and the check digit). */
const id = (n: number) => {
  const body = `110105195001${String(n).padStart(5, '0')}`;
  return body + checkDigit(body);
};

describe('what an import remembers between batches (key-ledger.ts)', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  // The same answers from the ledger on disk as from the one in memory the tests and small sheets use.
  for (const [name, open] of [
    ['in memory', async () => new MemoryLedger()],
    ['on disk', () => DiskLedger.open(parent)],
    ['spilling to disk past 3 keys', async () => new SpillingLedger(3, () => DiskLedger.open(parent))],
  ] as [string, () => Promise<KeyLedger>][]) {
    it(`${name}: recalls only recorded keys, keeps the first value, keeps numbers and texts apart`, async () => {
      const l = await open();
      try {
        expect((await l.recall('citizenId', ['a', 'b'])).size).toBe(0);
        await l.record('citizenId', [
          ['a', 1],
          ['b', 2],
        ]);
        await l.record('citizenId', [['a', 99]]);
        // Keys with quotes, separators and a NUL, as a sheet's cells may hold; one set does not see another's keys.
        const odd = JSON.stringify([7, '王"秀\u0000英', '1|2']);
        await l.record('name', [[odd, 5]]);
        await l.record('household', [['7', '1abc']]);
        expect(Object.fromEntries(await l.recall('citizenId', ['a', 'b', 'c', odd]))).toEqual({ a: 1, b: 2 });
        expect(Object.fromEntries(await l.recall('name', [odd, 'a']))).toEqual({ [odd]: 5 });
        expect(Object.fromEntries(await l.recall('household', ['7']))).toEqual({ '7': '1abc' });
        // More keys than one statement takes.
        const many = Array.from({ length: 25_000 }, (_, i): [string, number] => [`k${i}`, i]);
        await l.record('matched', many);
        const back = await l.recall('matched', ['k0', 'k24999', 'k25000']);
        expect(Object.fromEntries(back)).toEqual({ k0: 0, k24999: 24999 });
      } finally {
        await l.close();
      }
    });
  }

  it('spilling: in memory up to its limit, then on disk with every key recorded before', async () => {
    const l = new SpillingLedger(4, () => DiskLedger.open(parent));
    await l.record('citizenId', [
      ['a', 1],
      ['b', 2],
    ]);
    await l.record('household', [['0', '1x']]);
    expect(l.onDisk).toBe(false);
    expect(readdirSync(parent).filter((n) => n.startsWith('archive-room-import-'))).toEqual([]);
    await l.record('citizenId', [
      ['c', 3],
      ['a', 9],
    ]);
    expect(l.onDisk).toBe(true);
    expect(readdirSync(parent).filter((n) => n.startsWith('archive-room-import-'))).toHaveLength(1);
    expect(Object.fromEntries(await l.recall('citizenId', ['a', 'b', 'c', 'd']))).toEqual({ a: 1, b: 2, c: 3 });
    expect(Object.fromEntries(await l.recall('household', ['0']))).toEqual({ '0': '1x' });
    await l.close();
    expect(readdirSync(parent).filter((n) => n.startsWith('archive-room-import-'))).toEqual([]);
  });

  it('on disk: the file is encrypted under a key of its own (no citizen ID or name readable), and goes on close', async () => {
    const l = await DiskLedger.open(parent);
    const ids = Array.from({ length: 2000 }, (_, i) => id(i));
    await l.record(
      'citizenId',
      ids.map((c, i): [string, number] => [c, i]),
    );
    await l.record('name', [[JSON.stringify([1, '王秀英']), 1]]);
    // The writes are queued; a recall waits for them, so the file holds them now.
    expect((await l.recall('citizenId', [ids[1999]])).get(ids[1999])).toBe(1999);
    const file = l.file;
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    for (const c of [ids[0], ids[1000], ids[1999]]) expect(bytes.includes(Buffer.from(c))).toBe(false);
    expect(bytes.includes(Buffer.from('王秀英'))).toBe(false);
    // No journal or temporary file beside it.
    expect(readdirSync(dirname(file))).toEqual(['keys.db']);
    await l.close();
    expect(existsSync(dirname(file))).toBe(false);
  });

  it("on disk: a killed import's folder (its key gone with the process) is removed by the next import after a day", async () => {
    // A folder of its own: the other tests count the ledger folders in theirs.
    const own = mkdtempSync(join(parent, 'stale-'));
    const stale = join(own, 'archive-room-import-stale');
    const recent = join(own, 'archive-room-import-recent');
    for (const d of [stale, recent]) {
      mkdirSync(d);
      writeFileSync(join(d, 'keys.db'), randomBytes(8192));
    }
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    utimesSync(stale, old, old);
    const l = await DiskLedger.open(own);
    await l.close();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  // The point of the ledger: a street's sheet is checked with memory that does not grow with it. A
  // 300k-row dry run in a process whose heap may not pass 128 MB (≈ 80 MB is the process itself);
  // keeping the keys in Maps needed ≈ 200 B a row more, 60 MB here, and the process ran out.
  it('a 300k-row sheet is dry-run under a 128 MB heap ceiling', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-heap-'));
    try {
      const file = join(dir, 'street.csv');
      writeFileSync(file, toCsv(communityRows(300_000, 2026)));
      const r = importPeak(file, 'dry', null, ['--max-old-space-size=128']);
      expect(r.rows).toBe(300_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
