/**
 * Child process for the re-key fault test: signs in as the administrator and disables USER, which
 * re-keys the vault. After step STEP it writes a marker naming the step and kills itself (SIGKILL:
 * no clean-up runs). Usage: node out-test/children/rekey-child.cjs DATA_DIR USER_ID STEP MARKER
 * (built by test/setup/fresh-build.ts).
 */
import { writeFileSync } from 'node:fs';
import { ArchiveCore } from '../../electron/core/archive-core';
import { dispatch } from '../../electron/ipc/dispatch';
import { handlers } from '../../electron/ipc/handlers';

async function main(): Promise<void> {
  const [dataDir, userId, step, marker] = process.argv.slice(2);
  const core = new ArchiveCore({
    dataDir,
    afterRekeyStep: (s) => {
      if (s !== step) return;
      writeFileSync(marker, s);
      process.kill(process.pid, 'SIGKILL');
    },
  });
  await core.signIn('child', 'admin', process.env.ARCHIVE_ROOM_PASSWORD ?? '');
  const r = await dispatch(core, handlers, { trusted: true, clientId: 'child' }, 'users.setActive', { id: userId, active: false });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  await core.close();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
