/**
 * Child process for the destruction fault test: signs in and executes one approved batch.
 * The parent kills it at a random moment. Usage: tsx destruction-child.ts DATA_DIR BATCH_ID USER
 */
import { ArchiveCore } from '../../electron/core/archive-core';

async function main(): Promise<void> {
  const [dataDir, batchId, user] = process.argv.slice(2);
  const core = new ArchiveCore({ dataDir });
  await core.signIn('child', user, process.env.ARCHIVE_ROOM_PASSWORD ?? '');
  process.stdout.write('SIGNED-IN\n');
  await core.services.destruction.execute({ username: user }, batchId, { time: '2026-06-18 10:00', place: '社区档案室', methods: ['shred', 'key_destruction'] });
  process.stdout.write('DONE\n');
  await core.close();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
