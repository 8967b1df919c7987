import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest files first. A fresh clone has no vitest cache, so files would start in name order and
 * one long fault test starting last keeps one core busy while the other idles. These are the
 * slowest files of a fresh-clone CI run (seconds on a loaded 2-core machine), longest first;
 * a file missing here only loses its head start.
 */
const SLOWEST = [
  'backup-faults', // 128
  'import-faults', // 96
  'dashboard', // 52
  'destruction-faults', // 47 per engine
  'signed-audit', // 42 per engine
  'register-volume', // 37
  'data-cli', // 35
  'import-mapping-cli', // 31
  'rekey', // 23
  'import-messy', // 20
  'audit-cli', // 19 per engine
  'cli', // 17
  'print-visual', // 16
  'destruction-pdfs', // 15 per engine
  'search-index-volume', // 15
  'pg-concurrency', // 15
  'folder-lock', // 14
  'print-covers', // 14
  'register', // 14
];

const rank = (f: TestSpecification): number => {
  const name = f.moduleId
    .split(/[\\/]/)
    .pop()!
    .replace(/\.test\.ts$/, '');
  const i = SLOWEST.indexOf(name);
  return i < 0 ? SLOWEST.length : i;
};

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    // Stable: files outside the list keep the base order behind the listed ones.
    return base
      .map((f, i) => ({ f, i, r: rank(f) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.f);
  }
}
