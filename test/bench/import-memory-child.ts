import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ImportService } from '../../electron/import/import.service';
import { TestVault } from '../helpers/vault-fixture';

/**
 * One import in a process of its own (import-memory.bench.ts): `FILE dry|commit`. The archive is
 * made, the sheet read into memory and the heap collected first; then the process's RSS is the
 * baseline, and the peak is the kernel's high-water mark (getrusage maxrss) if the import raised it,
 * else the highest RSS sampled while it ran. Prints one JSON line. The engine follows
 * ARCHIVE_ROOM_TEST_PG, as in the tests.
 */
async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2);
  const v = await new TestVault().setup();
  await v.ok('admin', 'tags.list');
  const bytes = readFileSync(file);
  const svc = new ImportService(v.core);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let sampled = before;
  const sample = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
  const t = performance.now();
  let rows: number;
  try {
    if (mode === 'dry') {
      const r = await svc.dryRun(basename(file), bytes);
      if (r.issueCount) throw new Error(`dry run found ${r.issueCount} problems`);
      rows = r.validRows;
    } else {
      const r = await svc.commit({ username: 'admin' }, basename(file), bytes, { onProgress: () => undefined, isCancelled: () => false });
      rows = r.counts.residentsCreated;
    }
  } finally {
    clearInterval(sample);
  }
  const ms = performance.now() - t;
  sampled = Math.max(sampled, process.memoryUsage().rss);
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  const peak = maxAfter > maxBefore ? Math.max(maxAfter, sampled) : sampled;
  await v.destroy();
  console.log(JSON.stringify({ before, peak, ms, rows, sheetBytes: bytes.length }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
