import { cpSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppErrorShape } from '../../shared/errors';
import { PASSWORD, TEST_ENGINE, tempDir, TestVault } from '../helpers/vault-fixture';

type Rec = { id: string; archiveNo: string; title: string; pages: number; version: number };

/**
 * Optimistic versions on archive records (issue 16): each edit names the version it was loaded
 * with; two keepers editing one record → one wins, the other is told someone else changed it,
 * with both values. Runs on both engines; the race between two PCs on PostgreSQL below.
 */
describe('two keepers editing one record', () => {
  const v = new TestVault();
  let locationId = '';
  let k2name = '';
  const input = (r: Rec, change: Record<string, unknown>) => ({
    id: r.id,
    version: r.version,
    archiveNo: r.archiveNo,
    title: r.title,
    residentClass: 'registered',
    contentCategory: 'living',
    carrier: 'paper',
    pages: r.pages,
    year: 2020,
    sensitivity: 'internal',
    retentionClass: 'Y',
    locationId,
    ...change,
  });
  const create = (title: string) =>
    v.ok<Rec>('admin', 'records.create', {
      title,
      residentClass: 'registered',
      contentCategory: 'living',
      carrier: 'paper',
      pages: 3,
      year: 2020,
      sensitivity: 'internal',
      retentionClass: 'Y',
      locationId,
    });

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'k1');
    k2name = await v.userWithRole('keeper', 'k2');
    locationId = (await v.ok<{ id: string }>('admin', 'locations.save', { room: '库房', cabinet: '1', shelf: '1', box: '1' })).id;
  });
  afterAll(() => v.destroy());

  it('a new record is version 1; each saved edit moves it on', async () => {
    const r = await create('低保申请材料');
    expect(r.version).toBe(1);
    const e = await v.ok<Rec>('k1', 'records.update', input(r, { pages: 4 }));
    expect(e.version).toBe(2);
    expect((await v.ok<Rec>('k2', 'records.get', { id: r.id })).version).toBe(2);
  });

  it('the second keeper, still on the version both loaded, is refused with both values; after reloading they can save', async () => {
    const r = await create('优抚对象登记表');
    const k1sees = await v.ok<Rec>('k1', 'records.get', { id: r.id });
    const k2sees = await v.ok<Rec>('k2', 'records.get', { id: r.id });
    await v.ok('k1', 'records.update', input(k1sees, { title: '优抚对象登记表（2026年复核）' }));
    const stale = await v.call('k2', 'records.update', input(k2sees, { title: '优抚对象登记表（更正）', pages: 5 }));
    expect(stale.ok).toBe(false);
    const err = (stale as { error: AppErrorShape }).error;
    expect(err).toMatchObject({ code: 'CONFLICT', zh: '其他人已修改此记录，请重新加载。', en: 'Someone else changed this record; reload.' });
    expect(err.conflict).toMatchObject({ loadedVersion: 1, currentVersion: 2 });
    expect(err.conflict!.fields).toEqual(
      expect.arrayContaining([
        { path: 'title', mine: '优抚对象登记表（更正）', theirs: '优抚对象登记表（2026年复核）' },
        { path: 'pages', mine: 5, theirs: 3 },
      ]),
    );
    // Nothing of the refused edit was written.
    const now = await v.ok<Rec>('k2', 'records.get', { id: r.id });
    expect(now).toMatchObject({ title: '优抚对象登记表（2026年复核）', pages: 3, version: 2 });
    // Reloaded, the same keeper's edit goes through.
    expect(await v.ok<Rec>('k2', 'records.update', input(now, { pages: 5 }))).toMatchObject({ pages: 5, version: 3 });
  });

  it('two saves sent at the same moment from the same version: exactly one wins', async () => {
    const r = await create('残疾人证复印件');
    const [a, b] = await Promise.all([
      v.call('k1', 'records.update', input(r, { title: '甲改' })),
      v.call('k2', 'records.update', input(r, { title: '乙改' })),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = (a.ok ? b : a) as { error: AppErrorShape };
    expect(loser.error.code).toBe('CONFLICT');
    expect((await v.ok<Rec>('k1', 'records.get', { id: r.id })).version).toBe(2);
  });

  /**
   * Two PCs on one PostgreSQL archive (each its own copy of the data folder, its own connection
   * pool): nothing in either process orders their writes, so both may read version 1 before either
   * commits. The UPDATE's own version condition must let exactly one through, every round.
   */
  it.runIf(TEST_ENGINE === 'postgres')('two PCs racing on PostgreSQL: one wins every round, the other gets the conflict', async () => {
    const dir = tempDir('second-pc-');
    rmSync(dir, { recursive: true, force: true });
    cpSync(v.dataDir, dir, { recursive: true });
    const pc2 = new TestVault(dir);
    try {
      await pc2.ok('k2', 'auth.signIn', { username: k2name, password: PASSWORD });
      for (let round = 0; round < 10; round++) {
        const r = await create(`并发档案${round}`);
        const [a, b] = await Promise.all([
          v.call('k1', 'records.update', input(r, { title: `一号机${round}` })),
          pc2.call('k2', 'records.update', input(r, { title: `二号机${round}` })),
        ]);
        expect([a.ok, b.ok].filter(Boolean), `round ${round}`).toHaveLength(1);
        const loser = (a.ok ? b : a) as { error: AppErrorShape };
        expect(loser.error).toMatchObject({ code: 'CONFLICT', en: 'Someone else changed this record; reload.' });
        const winner = (a.ok ? a.value : (b as { value: Rec }).value) as Rec;
        expect(await v.ok<Rec>('k1', 'records.get', { id: r.id })).toMatchObject({ title: winner.title, version: 2 });
      }
    } finally {
      await pc2.destroy();
    }
  });
});
