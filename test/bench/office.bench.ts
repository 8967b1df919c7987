import { OfficeClient } from '../../electron/office/pinned-client';
import { communityVault } from '../helpers/community-vault';
import { exited, serveChild } from '../helpers/serve-child';
import { ADMIN } from '../helpers/vault-fixture';
import type { BenchLine } from './harness';

const CLIENTS = 20;
const SECONDS = Number(process.env.BENCH_OFFICE_SECONDS ?? 60);
/** Each client at most this many calls a second: under the server's 600 per 10 s per signed-in PC
 * (a keeper at a desk makes a few); the server, not the pacing, is what limits 20 clients here. */
const MAX_RATE = 50;
const FRAGMENTS = ['国', '秀英', '建华', '丽', '志强', '玉兰', '明', '海燕', 'zs', 'wl', '138'];

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * #18 load: `archive-room serve` (a child process, as deployed) on the 100k-resident archive; 20
 * clients, each its own TLS connection and session, search and look up residents (with a purpose,
 * so each look-up writes a signed audit entry) for 60 s. Beside it, the same calls from one client
 * alone and straight through dispatch in-process (the single-PC app). No call may fail.
 */
export async function benchOffice(): Promise<BenchLine[]> {
  const { v } = await communityVault();
  const ids = ((await v.core.services.db.manager.query("SELECT id FROM residents WHERE status = 'active' LIMIT 5000")) as { id: string }[]).map((r) => r.id);

  // The single-PC figure: the same calls through the app's own dispatch, one at a time.
  const local = { search: [] as number[], lookup: [] as number[] };
  for (let i = 0; i < 300; i++) {
    let t = performance.now();
    await v.ok('admin', 'search.query', { q: FRAGMENTS[i % FRAGMENTS.length], limit: 50 });
    local.search.push(performance.now() - t);
    t = performance.now();
    await v.ok('admin', 'residents.get', { id: ids[i % ids.length], purpose: '核对' });
    local.lookup.push(performance.now() - t);
  }
  await v.close();

  const server = await serveChild(v.dataDir);
  try {
    // One more client for the one-client figure: its own session, so its budget is its own.
    const clients = Array.from(
      { length: CLIENTS + 1 },
      (_, i) => new OfficeClient({ url: server.url, fingerprint: server.fingerprint, clientName: `PC-${i + 1}` }),
    );
    for (const c of clients) {
      const r = await c.call('auth.signIn', { username: ADMIN.username, password: ADMIN.password });
      if (!r.ok) throw new Error(`sign-in: ${r.error.code}`);
    }
    type Tally = { search: number[]; lookup: number[]; errors: string[] };
    const run = async (cs: OfficeClient[], seconds: number): Promise<Tally> => {
      const tally: Tally = { search: [], lookup: [], errors: [] };
      const end = performance.now() + seconds * 1000;
      await Promise.all(
        cs.map(async (c, k) => {
          let next = performance.now();
          for (let i = k; performance.now() < end; i++) {
            next += 2000 / MAX_RATE; // two calls a round
            let t = performance.now();
            const s = await c.call('search.query', { q: FRAGMENTS[i % FRAGMENTS.length], limit: 50 });
            tally.search.push(performance.now() - t);
            if (!s.ok) tally.errors.push(s.error.code);
            t = performance.now();
            const l = await c.call('residents.get', { id: ids[(i * 7919) % ids.length], purpose: '核对' });
            tally.lookup.push(performance.now() - t);
            if (!l.ok) tally.errors.push(l.error.code);
            const wait = next - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            else next = performance.now();
          }
        }),
      );
      return tally;
    };
    const one = await run(clients.slice(CLIENTS), Math.min(15, SECONDS));
    const all = await run(clients.slice(0, CLIENTS), SECONDS);
    clients.forEach((c) => c.close());
    const calls = all.search.length + all.lookup.length;
    return [
      {
        name: `office search p95, ${CLIENTS} clients × ${SECONDS} s`,
        value: ms(p95(all.search)),
        baseline: `${ms(p95(one.search))} one client; ${ms(p95(local.search))} single PC`,
        ratio: `${(p95(all.search) / p95(one.search)).toFixed(1)}×`,
      },
      {
        name: `office look-up p95 (audited), ${CLIENTS} clients`,
        value: ms(p95(all.lookup)),
        baseline: `${ms(p95(one.lookup))} one client; ${ms(p95(local.lookup))} single PC`,
        ratio: `${(p95(all.lookup) / p95(one.lookup)).toFixed(1)}×`,
      },
      {
        name: 'office throughput and errors',
        value: `${(calls / SECONDS).toFixed(0)} calls/s`,
        baseline: `${((one.search.length + one.lookup.length) / Math.min(15, SECONDS)).toFixed(0)} calls/s one client`,
        goal: 'no errors',
        pass: all.errors.length === 0 && one.errors.length === 0,
        ...(all.errors.length || one.errors.length
          ? { ratio: `errors: ${all.errors.length} of 20 clients, ${one.errors.length} of one (${[...new Set([...all.errors, ...one.errors])].join(', ')})` }
          : {}),
      },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await exited(server.child);
    await v.destroy();
  }
}
