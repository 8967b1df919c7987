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
