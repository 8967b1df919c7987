import { defineConfig } from 'vitest/config';

/**
 * Time-sensitive tests (`*.tz.test.ts`) run twice, once per process time zone, as separate
 * projects: the archive's own zone must decide "today" and printed times, whatever TZ the
 * process has. Each run checks that its TZ really took effect.
 */
const TZ_TESTS = ['test/unit/**/*.tz.test.ts', 'test/integration/**/*.tz.test.ts'];

/**
 * The same integration tests on the second engine: each archive they make lives in its own
 * database on a private PostgreSQL cluster started for the run (test/setup/postgres.ts).
 * Areas join this list as their data access moves to QueryBuilder (issue 16).
 */
const BOTH_ENGINES = ['test/integration/lending.test.ts', 'test/integration/pg-concurrency.test.ts', 'test/integration/pg-schema.test.ts'];

export default defineConfig({
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
        test: { name: 'main', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'], exclude: [...TZ_TESTS, 'test/integration/pg-*.test.ts'] },
      },
      { extends: true, test: { name: 'tz-utc', include: TZ_TESTS, env: { TZ: 'UTC' } } },
      { extends: true, test: { name: 'tz-shanghai', include: TZ_TESTS, env: { TZ: 'Asia/Shanghai' } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: BOTH_ENGINES,
          globalSetup: ['test/setup/fresh-build.ts', 'test/setup/postgres.ts'],
          setupFiles: ['test/setup/postgres-env.ts'],
        },
      },
    ],
  },
});
