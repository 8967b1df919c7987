import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreetScale1700000000012 } from '../../electron/db/migrations/0012-street-scale';
import { generateCommunity } from '../helpers/community-generator';
import { TestVault } from '../helpers/vault-fixture';

type Hit = { kind: string; id: string; title: string; subtitle: string; exact: boolean };

/**
 * SQLite only: migration 0012 builds the FTS5 index and the counters' triggers of a SQLCipher
 * archive (PostgreSQL's search indexes are kept by the server, its migration 0007).
 */
describe('migration 0012 on an archive that already holds rows', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    await v.core.services.db.write((tx) => generateCommunity(tx, { households: 800, residentsPerHousehold: 3, recordsPerResident: 1, seed: 5 }));
  }, 120_000);
  afterAll(() => v.destroy());

  it('fills the index and the counters from the tables', async () => {
    const db = v.core.services.db;
    const search = (s: string) => v.core.services.search.query(s, 1e9) as Promise<Hit[]>;
    const dashBefore = await v.core.services.dashboard.get();
    const qr = db.ds.createQueryRunner();
    try {
      await new StreetScale1700000000012().down(qr);
      // Rows written while there is no index or counter, as in an archive from before 0012.
      await qr.query("UPDATE residents SET name = '鑫淼' WHERE id = 'r1'");
      await qr.query("DELETE FROM archive_records WHERE id = 'a2-0'");
      await new StreetScale1700000000012().up(qr);
    } finally {
      await qr.release();
    }
    const names: { id: string; name: string }[] = await db.manager.query('SELECT id, name FROM residents');
    for (const frag of ['秀', '王', names[5].name, names[9].name.slice(1), '鑫淼', '淼']) {
      const expected = names.filter((x) => x.name.includes(frag)).map((x) => x.id);
      expect(expected.length, frag).toBeGreaterThan(0);
      expect(
        (await search(frag))
          .filter((h) => h.kind === 'resident')
          .map((h) => h.id)
          .sort(),
        frag,
      ).toEqual(expected.sort());
    }
    const dash = await v.core.services.dashboard.get();
    expect(dash.totals).toEqual({ ...dashBefore.totals, records: dashBefore.totals.records - 1 });
    expect(dash.totals.residents).toBe(2_400);
  });
});
