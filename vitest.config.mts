import { defineConfig } from 'vitest/config';

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
const TEST_KDF = { ARCHIVE_ROOM_TEST_KDF: '1' };

/**
 * The same integration tests on the second engine: each archive they make lives in its own
 * database on a private PostgreSQL cluster started for the run (test/setup/postgres.ts).
 * Areas join this list as their data access moves to QueryBuilder (issue 16).
 */
const BOTH_ENGINES = [
  'test/integration/audit-chain.test.ts',
  'test/integration/audit-cli.test.ts',
  'test/integration/audit-trail.test.ts',
  'test/integration/destruction.test.ts',
  'test/integration/destruction-faults.test.ts',
  'test/integration/destruction-pdfs.test.ts',
  'test/integration/destruction-procedure.test.ts',
  // import, print and the CLI (pg-import); data-cli.test.ts joins once export (pg-search) and backup (pg-backup) are ported
  'test/integration/import.test.ts',
  'test/integration/import-mapping.test.ts',
  'test/integration/import-messy.test.ts',
  'test/integration/import-volume.test.ts',
  'test/integration/print-service.test.ts',
  'test/integration/print-covers.test.ts',
  'test/integration/cli.test.ts',
  'test/integration/cli-dispatch.test.ts',
  'test/integration/import-mapping-cli.test.ts',
  'test/integration/lending.test.ts',
  'test/integration/pg-concurrency.test.ts',
  'test/integration/pg-schema.test.ts',
  'test/integration/record-categories.test.ts',
  'test/integration/record-version.test.ts',
  'test/integration/signed-audit.test.ts',
];

export default defineConfig({
  // Source run by vitest is a test-capable build, like `npm run build` (not `--mode release`).
  define: { __KDF_TEST_SWITCH__: 'true' },
  test: {
    environment: 'node',
    globalSetup: ['test/setup/fresh-build.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // argon2id at 64 MiB per sign-in and native SQLCipher: two workers fit two cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: [...TZ_TESTS, ...KDF_TESTS, 'test/integration/pg-*.test.ts'],
          env: TEST_KDF,
        },
      },
      { extends: true, test: { name: 'kdf', include: KDF_TESTS, env: { ARCHIVE_ROOM_TEST_KDF: '0' } } },
      { extends: true, test: { name: 'tz-utc', include: TZ_TESTS, env: { TZ: 'UTC', ...TEST_KDF } } },
      { extends: true, test: { name: 'tz-shanghai', include: TZ_TESTS, env: { TZ: 'Asia/Shanghai', ...TEST_KDF } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: BOTH_ENGINES,
          globalSetup: ['test/setup/fresh-build.ts', 'test/setup/postgres.ts'],
          setupFiles: ['test/setup/postgres-env.ts'],
          env: TEST_KDF,
        },
      },
    ],
  },
});
