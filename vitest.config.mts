import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/setup/fresh-build.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // argon2id at 64 MiB per sign-in and native SQLCipher: two workers fit two cores.
    maxWorkers: 2,
  },
});
