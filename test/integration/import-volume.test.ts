import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/import.service';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';

describe('import at volume', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
  });
  afterAll(() => v.destroy());

  it('50k generated rows import in one transaction in under 60 s, then re-import only updates', async () => {
    const csv = Buffer.from(toCsv(communityRows(50_000, 2027)));
    const svc = new ImportService(v.core);
    let last = 0;
    const t = Date.now();
    const r = await svc.commit({ username: 'admin' }, 'big.csv', csv, { onProgress: (d) => (last = d), isCancelled: () => false });
    const ms = Date.now() - t;
    console.log(`50k-row import: ${ms} ms (${Math.round(50_000 / (ms / 1000))} rows/s)`);
    expect(ms).toBeLessThan(60_000);
    expect(r.counts).toMatchObject({ residentsCreated: 50_000, recordsCreated: 50_000 });
    expect(last).toBeGreaterThan(100_000);
    const m = v.core.services.db.manager;
    const [{ n }] = await m.query('SELECT count(*) AS n FROM residents');
    expect(Number(n)).toBe(50_000);
    const [{ d }] = await m.query('SELECT count(*) - count(DISTINCT archive_no) AS d FROM archive_records');
    expect(Number(d)).toBe(0);
    const again = await svc.dryRun('big.csv', csv);
    expect(again.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 50_000, recordsCreated: 0 });
  }, 240_000);
});
