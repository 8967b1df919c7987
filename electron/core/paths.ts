import { join } from 'node:path';

/** Files of one archive, all inside the data folder. */
export function vaultPaths(dataDir: string) {
  return {
    dataDir,
    db: join(dataDir, 'archive.db'),
    /** Present for a PostgreSQL archive: which database holds its tables (see db-target.ts). */
    engine: join(dataDir, 'database.json'),
    keyring: join(dataDir, 'keyring.json'),
    /** The re-key journal: the keyring for the new vault key, written before the DB is re-keyed. */
    keyringNext: join(dataDir, 'keyring.next.json'),
    guard: join(dataDir, 'signin-guard.json'),
    attachments: join(dataDir, 'attachments'),
    /** Attachment files no record names, moved aside at start (see leftovers.ts). */
    orphaned: join(dataDir, 'orphaned'),
    /** Names the temporary file of a backup being written, so a killed one is cleared at start. */
    backupPending: join(dataDir, 'backup-pending.json'),
  };
}
export type VaultPaths = ReturnType<typeof vaultPaths>;

/** `--data-dir DIR` beats `ARCHIVE_ROOM_DATA`, which beats the platform default. */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: () => string): string {
  const i = argv.indexOf('--data-dir');
  if (i >= 0 && argv[i + 1]) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith('--data-dir='));
  if (eq) return eq.slice('--data-dir='.length);
  if (env.ARCHIVE_ROOM_DATA) return env.ARCHIVE_ROOM_DATA;
  return fallback();
}
