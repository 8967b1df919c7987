import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../electron/db/database';
import { testDatabase } from '../helpers/vault-fixture';

/**
 * A keeper reads, pauses, reads again: the archive's connection must still be there. node-pg's pool
 * closes a connection idle for 10 s unless it is one of the pool's `min`; a closed one made the next
 * click pay a new connection and its password exchange.
 */
describe('PostgreSQL: the pool keeps its connection through a pause', () => {
  let db: Database | null = null;
  afterAll(async () => db?.close());

  it('the same server process answers before and after 11 s idle', { timeout: 30_000 }, async () => {
    db = await Database.open({ engine: 'postgres', url: testDatabase('pool')! }, randomBytes(32));
    const pid = async () => ((await db!.manager.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0].pid;
    const before = await pid();
    await new Promise((r) => setTimeout(r, 11_000));
    expect(await pid()).toBe(before);
  });
});

/**
 * A look-up that stops at its first rows (the search box's LIMIT) was planned with a parallel worker
 * on 100k residents: starting the worker took 6–9 ms of a query whose own work took 1–2 ms. The
 * archive's connections price a worker's start higher, so only long scans get one.
 */
describe('PostgreSQL: no parallel worker for a short read', () => {
  let db: Database | null = null;
  afterAll(async () => db?.close());

  it('a count over 300k rows runs in the backend alone on the archive’s connection, with a worker on a plain one', { timeout: 60_000 }, async () => {
    const url = testDatabase('parallel')!;
    db = await Database.open({ engine: 'postgres', url }, randomBytes(32));
    await db.manager.query('CREATE TABLE wide_rows AS SELECT g AS n, md5(g::text) AS s FROM generate_series(1, 300000) g');
    await db.manager.query('ANALYZE wide_rows');
    const sql = "EXPLAIN SELECT count(*) FROM wide_rows WHERE strpos(s, 'abc') > 0";
    const plan = (rows: { 'QUERY PLAN': string }[]) => rows.map((r) => r['QUERY PLAN']).join('\n');
    const { default: pg } = await import('pg');
    const plain = new pg.Client({ connectionString: url });
    await plain.connect();
    try {
      expect(plan((await plain.query(sql)).rows)).toMatch(/Gather/);
    } finally {
      await plain.end();
    }
    // Every pooled connection, not only the first.
    const plans = await Promise.all([0, 1, 2].map(() => db!.manager.query(sql)));
    for (const p of plans) expect(plan(p)).not.toMatch(/Gather|Parallel/);
  });
});
