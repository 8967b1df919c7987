import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communityRows, toCsv, toXlsx } from '../helpers/import-sheets';
import { PostgresCluster } from '../helpers/postgres-cluster';
import type { BenchLine } from './harness';

/** Sheet sizes (rows): IMPORT_MEMORY_ROWS=100000,400000 by default. */
const SIZES = (process.env.IMPORT_MEMORY_ROWS ?? '100000,400000').split(',').map(Number);
/** Formats: IMPORT_MEMORY_FORMATS=csv (default) or csv,xlsx (an XLSX of 400k rows takes exceljs minutes to write). */
const FORMATS = (process.env.IMPORT_MEMORY_FORMATS ?? 'csv').split(',') as ('csv' | 'xlsx')[];

export interface PeakRss {
  before: number;
  peak: number;
  ms: number;
  rows: number;
  sheetBytes: number;
}

/**
 * One dry run or commit of `file` in a fresh process (import-memory-child.ts) on SQLCipher, or on
 * PostgreSQL at `pg`; `nodeArgs` for that process (a heap ceiling: `--max-old-space-size=MB`).
 */
export function importPeak(file: string, mode: 'dry' | 'commit', pg: PostgresCluster | null, nodeArgs: string[] = []): PeakRss {
  const env = { ...process.env };
  delete env.ARCHIVE_ROOM_TEST_PG;
  if (pg) env.ARCHIVE_ROOM_TEST_PG = JSON.stringify(pg.address);
  const r = spawnSync(process.execPath, [...nodeArgs, '--expose-gc', '--import', 'tsx', join(__dirname, 'import-memory-child.ts'), file, mode], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`import-memory child failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as PeakRss;
}

/** The JavaScript heap an import must fit in, whatever the sheet's size (the process itself takes ≈ 80 MB). */
const HEAP_CEILING_MB = 160;

const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
const tagOf = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

/** The lines of one measured run: peak RSS growth beside the row count, and what the baseline held. */
export function peakLine(what: string, engine: string, p: PeakRss): BenchLine {
  return {
    name: `${what} [${engine}], peak RSS growth`,
    value: `+${mb(p.peak - p.before)}`,
    baseline: `${p.rows.toLocaleString('en')} rows in ${(p.ms / 1000).toFixed(1)} s; ${mb(p.before)} before (sheet ${mb(p.sheetBytes)})`,
    ratio: `${((p.peak - p.before) / p.rows).toFixed(0)} B/row`,
  };
}

/**
 * `npm run bench -- import-memory`: generated community sheets (the import bench's generator) of
 * 100k and 400k rows, each dry-run and committed into a fresh archive on SQLCipher and on
 * PostgreSQL, each in a process of its own; peak RSS growth per engine beside the row count. Flat
 * memory shows as a growth that hardly changes from 100k to 400k rows.
 */
export async function benchImportMemory(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'import-memory-'));
  let pg: PostgresCluster | null = null;
  try {
    pg = await PostgresCluster.start();
  } catch (e) {
    console.log(`(PostgreSQL lines skipped: ${(e as Error).message})`);
  }
  const lines: BenchLine[] = [];
  try {
    for (const rows of SIZES) {
      for (const format of FORMATS) {
        const data = communityRows(rows, 2026);
        const file = join(dir, `street-${rows}.${format}`);
        writeFileSync(file, format === 'csv' ? toCsv(data) : await toXlsx(data));
        for (const [engine, cluster] of [['SQLCipher', null], ...(pg ? [['PostgreSQL', pg]] : [])] as [string, PostgresCluster | null][]) {
          for (const mode of ['dry', 'commit'] as const) {
            lines.push(
              peakLine(`import ${tagOf(rows)}-row ${format.toUpperCase()}, ${mode === 'dry' ? 'dry run' : 'commit'}`, engine, importPeak(file, mode, cluster)),
            );
          }
        }
        // Flat memory, shown as a ceiling the import runs under: RSS growth above is mostly garbage V8
        // has not yet collected, since nothing asked it to.
        for (const mode of ['dry', 'commit'] as const) {
          let ok: PeakRss | null = null;
          try {
            ok = importPeak(file, mode, null, [`--max-old-space-size=${HEAP_CEILING_MB}`]);
          } catch {
            ok = null;
          }
          lines.push({
            name: `import ${tagOf(rows)}-row ${format.toUpperCase()}, ${mode === 'dry' ? 'dry run' : 'commit'} [SQLCipher], under a ${HEAP_CEILING_MB} MB heap ceiling`,
            value: ok ? `completed in ${(ok.ms / 1000).toFixed(1)} s` : 'ran out of memory',
            baseline: `${rows.toLocaleString('en')} rows`,
            goal: 'completes',
            pass: !!ok && ok.rows === rows,
          });
        }
        rmSync(file);
      }
    }
  } finally {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
