import { defineConfig } from '@playwright/test';

// No spec is about the KDF: the web hosts the specs start inherit the test switch (argon2id at a
// few KiB instead of 64 MiB, t=3; electron/vault/kdf.ts says why a release build cannot read it).
process.env.ARCHIVE_ROOM_TEST_KDF = '1';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  // Each test starts its own web host on its own temp folder and port, so specs could run side by
  // side; but on 2 cores two Chromiums and two hosts starve each other: with 2 workers a fresh-clone
  // run passed once and failed once (a host answered so late that register.spec's page showed the
  // 离线 banner over the drawer it had to close). One worker.
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
