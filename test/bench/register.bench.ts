import { createCipheriv, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecryptStream, EncryptStream } from '../../electron/vault/attachment-crypto';
import type { Community } from '../helpers/community-generator';
import { communityVault } from '../helpers/community-vault';
import { PostgresCluster } from '../helpers/postgres-cluster';
import type { TestVault } from '../helpers/vault-fixture';
import { timeIt, type BenchLine } from './harness';

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Search p95 at 100k residents beside raw SQL over the same file; attachment crypto beside raw AES-GCM. */
type Timed = { p95: number };
type SearchTimes = {
  svcName: Timed;
  rawLike: Timed;
  svcPinyin: Timed;
  rawPinyin: Timed;
  svcId: Timed;
  rawId: Timed;
  svcNo: Timed;
  rawNo: Timed;
  dash: Timed;
  rawScan: Timed;
};

/** Search and dashboard p95 on a 100k-resident community, beside raw SQL over the same tables. */
async function timeSearch(v: TestVault, c: Community): Promise<SearchTimes> {
  const search = v.core.services.search;
  const m = v.core.services.db.manager;
  const frags = ['国', '秀英', '建华', '丽', '志强', '玉兰', '明', '海燕'];
  const inits = ['zs', 'wl', 'lj', 'cx', 'zh', 'ly', 'hw', 'xm'];
  const N = 60;

  const rawLike = await timeIt(N, (i) => m.query('SELECT id, name FROM residents WHERE name LIKE ? LIMIT 50', [`%${frags[i % frags.length]}%`]));
  const svcName = await timeIt(N, (i) => search.query(frags[i % frags.length], 50));
  const rawPinyin = await timeIt(N, (i) => m.query('SELECT id, name FROM residents WHERE name_initials LIKE ? LIMIT 50', [`${inits[i % inits.length]}%`]));
  const svcPinyin = await timeIt(N, (i) => search.query(inits[i % inits.length], 50));
  const rawId = await timeIt(N, () => m.query('SELECT id FROM residents WHERE citizen_id = ?', [c.known.citizenId]));
  const svcId = await timeIt(N, () => search.query(c.known.citizenId, 50));
  const rawNo = await timeIt(N, () => m.query('SELECT id FROM archive_records WHERE archive_no = ?', [c.known.archiveNo]));
  const svcNo = await timeIt(N, () => search.query(c.known.archiveNo, 50));

  // Dashboard: every tile's aggregate, beside one raw full scan of the residents table.
  const rawScan = await timeIt(20, () => m.query("SELECT count(*) FROM residents WHERE name LIKE '%国%'"));
  const dash = await timeIt(20, () => v.core.services.dashboard.get());
  return { svcName, rawLike, svcPinyin, rawPinyin, svcId, rawId, svcNo, rawNo, dash, rawScan };
}

/** The same community on PostgreSQL, in a private cluster (test settings: fsync off), for the side-by-side lines. */
export async function timeSearchPostgres(): Promise<SearchTimes | null> {
  let cluster: PostgresCluster;
  try {
    cluster = await PostgresCluster.start();
  } catch (e) {
    console.log(`(PostgreSQL lines skipped: ${(e as Error).message})`);
    return null;
  }
  process.env.ARCHIVE_ROOM_TEST_PG = JSON.stringify(cluster.address);
  try {
    const { v, c } = await communityVault();
    try {
      // The server plans from statistics; after a bulk load autovacuum gathers them within a minute.
      await v.core.services.db.manager.query('ANALYZE');
      return await timeSearch(v, c);
    } finally {
      await v.destroy();
    }
  } finally {
    delete process.env.ARCHIVE_ROOM_TEST_PG;
    await cluster.stop();
  }
}

/** Search p95 at 100k residents beside raw SQL over the same file (and on PostgreSQL); attachment crypto beside raw AES-GCM. */
export async function benchRegister(): Promise<BenchLine[]> {
  const { v, c } = await communityVault();
  const lite = await timeSearch(v, c);
  await v.destroy();
  const pg = await timeSearchPostgres();

  // Attachment crypto: 256 MiB through the streaming format vs one raw AES-256-GCM pass.
  const size = 256 * 1024 * 1024;
  const chunk = randomBytes(1024 * 1024);
  const source = () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < size / chunk.length; i++) yield chunk;
      })(),
    );
  const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
  const key = randomBytes(32);
  const raw = await timeIt(3, async () => {
    const ci = createCipheriv('aes-256-gcm', key, randomBytes(12));
    await pipeline(source(), ci, sink());
  });
  const enc = await timeIt(3, () => pipeline(source(), new EncryptStream(key, randomBytes(8)), sink()));
  const sealed: Buffer[] = [];
  await pipeline(source(), new EncryptStream(key, randomBytes(8)), new Writable({ write: (c2, _e, cb) => (sealed.push(c2), cb()) }));
  const dec = await timeIt(3, () => pipeline(Readable.from(sealed), new DecryptStream(key), sink()));
  const mbs = (t: number) => size / 1024 / 1024 / (t / 1000);
  const line = (name: string, svc: { p95: number }, base: { p95: number }, goal: number): BenchLine => ({
    name,
    value: ms(svc.p95),
    baseline: ms(base.p95),
    ratio: `${(svc.p95 / base.p95).toFixed(2)}×`,
    goal: `< ${goal} ms`,
    pass: svc.p95 < goal,
  });
  const searchLines = (x: SearchTimes, engine: string) => [
    line(`search: name fragment p95 (100k residents)${engine}`, x.svcName, x.rawLike, 50),
    line(`search: pinyin initials p95${engine}`, x.svcPinyin, x.rawPinyin, 50),
    line(`search: exact citizen ID p95${engine}`, x.svcId, x.rawId, 5),
    line(`search: exact 档号 p95${engine}`, x.svcNo, x.rawNo, 5),
    line(`dashboard load p95 (all tiles, 100k residents)${engine}`, x.dash, x.rawScan, 300),
  ];
  return [
    ...searchLines(lite, ''),
    ...(pg ? searchLines(pg, ' [PostgreSQL]') : []),
    {
      name: 'attachment encrypt (stream, 1 MiB chunks)',
      value: `${mbs(enc.p50).toFixed(0)} MB/s`,
      baseline: `${mbs(raw.p50).toFixed(0)} MB/s raw GCM`,
      ratio: `${((100 * mbs(enc.p50)) / mbs(raw.p50)).toFixed(0)} %`,
      goal: '≥ 70 %',
      pass: mbs(enc.p50) >= 0.7 * mbs(raw.p50),
    },
    {
      name: 'attachment decrypt (stream)',
      value: `${mbs(dec.p50).toFixed(0)} MB/s`,
      baseline: `${mbs(raw.p50).toFixed(0)} MB/s raw GCM`,
      ratio: `${((100 * mbs(dec.p50)) / mbs(raw.p50)).toFixed(0)} %`,
      goal: '≥ 70 %',
      pass: mbs(dec.p50) >= 0.7 * mbs(raw.p50),
    },
  ];
}
