import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in, for two forked workers on a fresh clone (no vitest timing cache).
 *
 * 1. By project, in blocks. A worker that ran a file of a non-isolated project keeps its process
 *    (and its imported TypeORM, services, pdfkit, exceljs: ≈2–5 s of CPU) only while the next file
 *    in the queue belongs to the same project (vitest's pool looks at the head of the queue only).
 *    Slow files of two projects taken turn about (main, postgres, main, …) made every worker start
 *    again after each file; in blocks a worker starts again once per project.
 * 2. Longest files first inside a block, so no long fault test starts last and keeps one core busy
 *    while the other idles. SLOWEST: the slowest files of a run (seconds on a loaded 2-core
 *    machine), longest first by the longer of their two engines' runs; a file missing here only
 *    loses its head start.
 *
 * Blocks run big to small: the long fault tests of `main` first, the short time-zone and KDF
 * files last, so the run's tail is made of small files both workers share.
 */
const PROJECTS = ['main', 'postgres', 'tz-utc', 'tz-shanghai', 'postgres-tz-utc', 'postgres-tz-shanghai', 'isolated', 'kdf'];
const SLOWEST = [
  // Test time in seconds on the shared 2-core machine at load 5–12 (3 December 2026): main / postgres.
  'backup-faults', // 90
  'dashboard', // 42 / 71 (PostgreSQL builds its 100k residents in the file)
  'import-faults', // 62
  'import-volume', // 30 / 46
  'destruction-faults', // 39 / 29
  'search-index-volume', // 4 / 34
  'import-mapping-cli', // 17 / 31
  'pg-concurrency', // 28
  'data-cli', // 15 / 26
  'signed-audit', // 10 / 20
  'audit-cli', // 10 / 18
  'import-messy', // 13 / 13
  'register', // 10
  'cli', // 10
  'vault', // 10
  'rekey', // 8
  'print-visual', // 8
  'destruction-pdfs', // 8
  'folder-lock', // 7
  'print-covers', // 7
];
/**
 * register-volume reads the same generated 100k-resident archive as dashboard
 * (test/helpers/community-vault.ts builds it once per run): it starts after the block's other
 * long files, by when dashboard has built it, so no worker waits for the other's build.
 */
const AFTER_THE_SLOWEST = ['register-volume'];

const fileName = (f: TestSpecification): string =>
  f.moduleId
    .split(/[\\/]/)
    .pop()!
    .replace(/\.test\.ts$/, '');

const rank = (f: TestSpecification): number => {
  const name = fileName(f);
  const i = SLOWEST.indexOf(name);
  if (i >= 0) return i;
  return AFTER_THE_SLOWEST.includes(name) ? SLOWEST.length : SLOWEST.length + 1;
};

const block = (f: TestSpecification): number => {
  const i = PROJECTS.indexOf(f.project.name);
  return i < 0 ? PROJECTS.length : i;
};

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    // Stable: files outside the list keep the base order behind the listed ones of their block.
    return base
      .map((f, i) => ({ f, i, b: block(f), r: rank(f) }))
      .sort((a, b) => a.b - b.b || a.r - b.r || a.i - b.i)
      .map((x) => x.f);
  }
}
