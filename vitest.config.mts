import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/setup/slow-first';

/**
 * Time-sensitive tests (`*.tz.test.ts`) run twice, once per process time zone, as separate
 * projects: the archive's own zone must decide "today" and printed times, whatever TZ the
 * process has. Each run checks that its TZ really took effect.
 */
const TZ_TESTS = ['test/unit/**/*.tz.test.ts', 'test/integration/**/*.tz.test.ts'];
/**
 * The tests about the KDF run with production parameters (argon2id 64 MiB, t=3); every other test
 * switches to the test parameters (electron/vault/kdf.ts explains the two locks), and so do the
 * built CLI and fault-test children they start, which inherit the environment.
 */
const KDF_TESTS = ['test/integration/kdf.test.ts'];
/**
 * The Node processes tests start (the built CLI, fault-test children, web hosts) share V8's compiled
 * code of out/ through test/setup/code-cache.cjs, preloaded by NODE_OPTIONS (≈0.2 s of CPU saved per
 * child); test/setup/fresh-build.ts empties the cache whenever out/ is built again.
 */
const CODE_CACHE = {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(resolve('test/setup/code-cache.cjs'))}`.trim(),
  ARCHIVE_ROOM_TEST_CODE_CACHE: resolve('out-test/code-cache'),
};
const TEST_KDF = { ARCHIVE_ROOM_TEST_KDF: '1', ...CODE_CACHE };
/** Files that mock modules or change process.env / TZ: each keeps a module graph of its own. */
const ISOLATED = ['test/unit/hardening.test.ts', 'test/unit/sheet-dates.test.ts', 'test/integration/signin-throttle.test.ts'];

/**
 * The same integration tests on the second engine: each archive they make lives in its own
 * database on a private PostgreSQL cluster started for the run (test/setup/postgres.ts).
 * Areas join this list as their data access moves to QueryBuilder (issue 16).
 */
const BOTH_ENGINES = [
  'test/integration/audit-chain.test.ts',
  'test/integration/audit-cli.test.ts',
  'test/integration/cli-lazy-load.test.ts',
  'test/integration/audit-trail.test.ts',
  'test/integration/backup-engines.test.ts',
  'test/integration/backup-schedule.test.ts',
  'test/integration/cli-dispatch.test.ts',
  'test/integration/dashboard.test.ts',
  'test/integration/data-cli.test.ts',
  'test/integration/destruction-faults.test.ts',
  'test/integration/destruction-pdfs.test.ts',
  'test/integration/destruction-procedure.test.ts',
  'test/integration/destruction.test.ts',
  'test/integration/export-lists.test.ts',
  'test/integration/export-watermark.test.ts',
  'test/integration/export.test.ts',
  'test/integration/import-batches.test.ts',
  'test/integration/import-mapping-cli.test.ts',
  'test/integration/import-mapping.test.ts',
  'test/integration/import-messy.test.ts',
  'test/integration/import-volume.test.ts',
  'test/integration/import.test.ts',
  'test/integration/least-disclosure.test.ts',
  'test/integration/lending.test.ts',
  'test/integration/life-events.test.ts',
  'test/integration/lookups.test.ts',
  'test/integration/natural-order.test.ts',
  'test/integration/office-jobs.test.ts',
  'test/integration/pg-concurrency.test.ts',
  'test/integration/pg-pool.test.ts',
  'test/integration/pg-schema.test.ts',
  'test/integration/place-order.test.ts',
  'test/integration/print-covers.test.ts',
  'test/integration/print-service.test.ts',
  'test/integration/record-carrier.test.ts',
  'test/integration/record-categories.test.ts',
  'test/integration/record-version.test.ts',
  'test/integration/register.test.ts',
  'test/integration/roster-access.test.ts',
  'test/integration/search-as-typed.test.ts',
  'test/integration/search-index-volume.test.ts',
  'test/integration/signed-audit.test.ts',
  'test/integration/tag-privacy.test.ts',
];
// SQLCipher only: backup-restore-app (flips bytes inside a file backup's archive.db), backup.test and
// import-faults (raw SQLite checks of the file), default-tags (SQLite migrations), cli (its archive is
// made by a plain `init` and verify is shown archive.db damaged byte by byte; listed here it ran the
// same SQLCipher checks twice — data-cli drives the CLI on PostgreSQL archives).
/** Time-sensitive tests that run on PostgreSQL too, in both process time zones. */
const BOTH_ENGINES_TZ = ['test/integration/annual-report.tz.test.ts', 'test/integration/roster.tz.test.ts'];
/**
 * Like `main`, a worker runs file after file in one module graph (isolate: false). Every worker of
 * these projects is forked with the cluster's address (postgres-env.ts puts it in process.env
 * before any test file loads), and vitest gives a worker only files of its own project, so the
 * engine choice never reaches a SQLCipher file.
 */
const POSTGRES = { isolate: false, globalSetup: ['test/setup/fresh-build.ts', 'test/setup/postgres.ts'], setupFiles: ['test/setup/postgres-env.ts'] };

export default defineConfig({
  // Source run by vitest is a test-capable build, like `npm run build` (not `--mode release`).
  define: { __KDF_TEST_SWITCH__: 'true' },
  test: {
    environment: 'node',
    // run-dir.ts: a folder for fixtures built once per run (the 100k-resident archive).
    globalSetup: ['test/setup/fresh-build.ts', 'test/setup/run-dir.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // argon2id at 64 MiB per sign-in and native SQLCipher: two workers fit two cores.
    maxWorkers: 2,
    // A worker runs file after file in one module graph instead of importing TypeORM, the services,
    // pdfkit and exceljs again for each (~5 s of a loaded CI core per integration file, over 100
    // files). Safe because tests share no module state: every archive lives in its own temp folder
    // and core. The files that stub modules or the environment run isolated (projects below).
    isolate: false,
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: [...TZ_TESTS, ...KDF_TESTS, ...ISOLATED, 'test/integration/pg-*.test.ts'],
          env: TEST_KDF,
        },
      },
      { extends: true, test: { name: 'kdf', include: KDF_TESTS, isolate: true, env: { ARCHIVE_ROOM_TEST_KDF: '0', ...CODE_CACHE } } },
      // vi.mock('electron') and stubbed environment variables must not leak into other files.
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true, env: TEST_KDF } },
      { extends: true, test: { name: 'tz-utc', include: TZ_TESTS, env: { TZ: 'UTC', ...TEST_KDF } } },
      { extends: true, test: { name: 'tz-shanghai', include: TZ_TESTS, env: { TZ: 'Asia/Shanghai', ...TEST_KDF } } },
      // The cluster's address lives in process.env (postgres-env.ts) and the fixture picks its engine
      // from it when loaded: a worker of these projects never runs another project's file.
      { extends: true, test: { name: 'postgres', include: BOTH_ENGINES, ...POSTGRES, env: TEST_KDF } },
      { extends: true, test: { name: 'postgres-tz-utc', include: BOTH_ENGINES_TZ, ...POSTGRES, env: { TZ: 'UTC', ...TEST_KDF } } },
      { extends: true, test: { name: 'postgres-tz-shanghai', include: BOTH_ENGINES_TZ, ...POSTGRES, env: { TZ: 'Asia/Shanghai', ...TEST_KDF } } },
    ],
  },
});
