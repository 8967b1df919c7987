import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder for the run's shared test fixtures (the generated 100k-resident archive,
 * test/helpers/community-vault.ts), removed when the run ends. Its path reaches every worker in
 * process.env: vitest forks the workers after the global setup, with this process's environment.
 * Several projects list this setup; the first one makes the folder, the others keep it.
 */
export default function setup(): () => void {
  if (process.env.ARCHIVE_ROOM_TEST_RUN_DIR) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'archive-test-run-'));
  process.env.ARCHIVE_ROOM_TEST_RUN_DIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.ARCHIVE_ROOM_TEST_RUN_DIR;
  };
}
