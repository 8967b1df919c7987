import { defineConfig } from '@playwright/test';

// No spec is about the KDF: the web hosts the specs start inherit the test switch (argon2id at a
// few KiB instead of 64 MiB, t=3; electron/vault/kdf.ts says why a release build cannot read it).
process.env.ARCHIVE_ROOM_TEST_KDF = '1';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  // Each test starts its own web host on its own temp folder and port, so tests run side by side,
  // one per core. (With one worker a fresh-clone run took 10.4 min; two workers once starved each
  // other at load ≈ 11 while antd still animated — the e2e browser now runs with animations off,
  // and 2 workers passed all 34 tests at load ≈ 9 in 11.8 min.)
  workers: 2,
  fullyParallel: true,
  reporter: [['list']],
  // Screen references (toHaveScreenshot): pictures taken without animations or caret, compared
  // within a small tolerance (anti-aliasing); regenerated only with --update-snapshots.
  expect: {
    toHaveScreenshot: { animations: 'disabled', caret: 'hide', scale: 'css', maxDiffPixelRatio: 0.002 },
  },
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    // As a keeper who turned animations off: antd then opens dialogs at once (App reads the setting),
    // so no click lands on a dialog still zooming in (a loaded CI machine lost 继续编辑 that way).
    reducedMotion: 'reduce',
  },
});
