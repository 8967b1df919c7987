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

  // Speed is the bench's business (npm run bench: import rows/s beside a raw insert baseline);
  // here only what a large sheet must do: land whole, unique 档号, progress reported, re-import updates.
  it('20k generated rows import in one transaction with progress, unique 档号, then re-import only updates', async () => {
    const csv = Buffer.from(toCsv(communityRows(20_000, 2027)));
    const svc = new ImportService(v.core);
    let last = 0;
    const r = await svc.commit({ username: 'admin' }, 'big.csv', csv, { onProgress: (d) => (last = d), isCancelled: () => false }, { basicRecords: true });
    expect(r.counts).toMatchObject({ residentsCreated: 20_000, recordsCreated: 20_000 });
    expect(last).toBeGreaterThan(40_000);
    const m = v.core.services.db.manager;
    const [{ n }] = await m.query('SELECT count(*) AS n FROM residents');
    expect(Number(n)).toBe(20_000);
    const [{ d }] = await m.query('SELECT count(*) - count(DISTINCT archive_no) AS d FROM archive_records');
    expect(Number(d)).toBe(0);
    const again = await svc.dryRun('big.csv', csv);
    expect(again.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 20_000, recordsCreated: 0 });
  }, 240_000);
});
