import { defineConfig } from '@playwright/test';

// No spec is about the KDF: the web hosts the specs start inherit the test switch (argon2id at a
// few KiB instead of 64 MiB, t=3; electron/vault/kdf.ts says why a release build cannot read it).
process.env.ARCHIVE_ROOM_TEST_KDF = '1';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  // Each test starts its own web host on its own temp folder and port, so specs could run side by
  // side; but on a 2-core machine two specs (two Chromiums, two hosts, pdftoppm, argon2) starved each
  // other: a fresh-clone run at load ≈ 11 had 5 s waits and antd animations time out. One worker.
  workers: 1,
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
