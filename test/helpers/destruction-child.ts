/**
 * Child process for the destruction fault test: signs in and executes one approved batch, and
 * stops dead at a chosen step so the parent's SIGKILL lands exactly there.
 *
 * Usage: node out-test/children/destruction-child.cjs DATA_DIR BATCH_ID USER STEP MARKER_FILE
 * (built by test/setup/fresh-build.ts).
 *
 * The steps are observed from outside the service (no test hooks in app code): the vault's
 * write queue (Database.write), the audit appends inside the execution's transaction, and the
 * removal of ciphertext files (fs.rmSync). On reaching STEP the child writes MARKER_FILE (JSON:
 * the step and what it had done by then), then blocks its only thread, so no further JavaScript
 * (no commit, no file removal) can run before the parent kills it. With STEP 'none' it runs to the
 * end and the marker lists every step it passed, in order.
 */
import fs from 'node:fs';
import { ArchiveCore } from '../../electron/core/archive-core';
import type { Marker, Step } from './destruction-steps';

async function main(): Promise<void> {
  const [dataDir, batchId, user, stopAt, markerFile] = process.argv.slice(2);
  const core = new ArchiveCore({ dataDir });
  await core.signIn('child', user, process.env.ARCHIVE_ROOM_PASSWORD ?? '');
  const s = core.services;
  const passed: Step[] = [];
  let recordsAudited = 0;
  let filesRemoved = 0;
  const writeMarker = (step: Marker['step']) => {
    const m: Marker = { step, passed, recordsAudited, filesRemoved, pid: process.pid };
    fs.writeFileSync(`${markerFile}.tmp`, JSON.stringify(m));
    fs.renameSync(`${markerFile}.tmp`, markerFile);
  };
  const reach = (step: Step) => {
    passed.push(step);
    if (step !== stopAt) return;
    writeMarker(step);
    // Block the event loop: nothing after this point runs. The parent kills us within moments;
    // if it never does, leave with a code the parent reads as "not killed".
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    process.exit(3);
  };

  let writes = 0;
  const write = s.db.write.bind(s.db);
  s.db.write = (async (fn) => {
    const n = ++writes;
    if (n === 1) reach('before-transaction');
    if (n === 2) reach('before-queue-cleared');
    const out = await write(fn);
    if (n === 1) reach('after-commit');
    return out;
  }) as typeof s.db.write;

  const append = s.audit.append.bind(s.audit);
  s.audit.append = (async (...args: Parameters<typeof s.audit.append>) => {
    const out = await append(...args);
    const action = args[1].action;
    if (action === 'destruction.record' && ++recordsAudited === 3) reach('mid-transaction');
    if (action === 'destruction.execute') reach('before-commit');
    return out;
  }) as typeof s.audit.append;

  const rmSync = fs.rmSync;
  (fs as { rmSync: typeof fs.rmSync }).rmSync = (path, opts) => {
    rmSync(path, opts);
    if (String(path).endsWith('.enc') && ++filesRemoved === 3) reach('mid-shred');
  };

  await s.destruction.execute({ username: user }, batchId, { time: '2026-06-18 10:00', place: '社区档案室', methods: ['shred', 'key_destruction'] });
  await core.close();
  writeMarker('none');
  process.stdout.write('DONE\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
