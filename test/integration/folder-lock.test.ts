import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { LOCK_FILE, readHolder } from '../../electron/core/folder-lock';
import { startWebHost } from '../../electron/host/web-host';
import { CLI_ENTRY, runCliChild } from '../helpers/cli-child';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

/** A CLI child that takes the folder and then waits for its password on stdin (no env password). */
function holdingChild(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const env = { ...process.env };
  delete env.ARCHIVE_ROOM_PASSWORD;
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

async function until(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one process per data folder (real processes)', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    await v.close(); // the children open the folder themselves
  });
  afterAll(() => rmSync(v.dataDir, { recursive: true, force: true }));

  it('a CLI holding the folder refuses the next opener by name; --wait waits; kill -9 frees it', async () => {
    const holder = holdingChild(['search', '王', '--user', 'admin', '--data-dir', v.dataDir]);
    await until('the holder to take the folder', () => readHolder(v.dataDir)?.pid === holder.child.pid);

    // Second opener in this process (the app or web host path): refused, holder named.
    const other = new ArchiveCore({ dataDir: v.dataDir, holder: { kind: 'app' } });
    const refused = await other.signIn('c', ADMIN.username, ADMIN.password).then(
      () => null,
      (e: { code: string; zh: string; en: string }) => e,
    );
    expect(refused?.code).toBe('FOLDER_IN_USE');
    expect(refused?.en).toContain(`the Archive Room CLI (search): process ${holder.child.pid}`);
    expect(refused?.zh).toContain(`档案室命令行（search）：进程 ${holder.child.pid}`);
    expect(refused?.en).toMatch(/since \d{4}-\d\d-\d\dT/);
    await other.close();

    // A second CLI: exit 75 with the same words, before it asks for a password.
    const cli = await runCliChild(['verify', '--user', 'admin', '--data-dir', v.dataDir], ADMIN.password, '\u0000', null);
    expect(cli.code).toBe(75);
    expect(cli.stderr).toContain(`process ${holder.child.pid}`);

    // Writing commands may not wait; a read-only one waits until the holder is done.
    const noWait = await runCliChild(
      ['backup', '--out', join(v.dataDir, '..', 'x.arbak'), '--wait', '5', '--user', 'admin', '--data-dir', v.dataDir],
      ADMIN.password,
      '\u0000',
      null,
    );
    expect(noWait.code).toBe(64);
    const waiter = holdingChild(['search', '王', '--wait', '120', '--user', 'admin', '--data-dir', v.dataDir]);
    waiter.child.stdin.end(`${ADMIN.password}\n`);
    let waiterErr = '';
    waiter.child.stderr.on('data', (d) => (waiterErr += String(d)));
    await until('the waiter to start waiting', () => waiterErr.includes('Waiting up to 120 s'));
    expect(waiterErr).toContain(`process ${holder.child.pid}`);
    holder.child.stdin.end(`${ADMIN.password}\n`);
    expect((await holder.done).code).toBe(0);
    const w = await waiter.done;
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toContain('无结果 / no results');

    // A holder killed outright leaves no stale lock: the kernel dropped it with the process.
    const doomed = holdingChild(['search', '王', '--user', 'admin', '--data-dir', v.dataDir]);
    await until('the doomed holder to take the folder', () => readHolder(v.dataDir)?.pid === doomed.child.pid);
    doomed.child.kill('SIGKILL');
    await doomed.done;
    const after = new ArchiveCore({ dataDir: v.dataDir });
    await after.signIn('c', ADMIN.username, ADMIN.password);
    expect(readHolder(v.dataDir)?.pid).toBe(process.pid);
    await after.close();
    expect(existsSync(join(v.dataDir, LOCK_FILE))).toBe(true); // never deleted: see folder-lock.ts
    expect(readHolder(v.dataDir)).toBeNull();
  }, 600_000);

  it('the web host holds the folder for as long as it runs; a CLI is told it is the web host', async () => {
    const core = new ArchiveCore({ dataDir: v.dataDir, holder: { kind: 'web', detail: 'start:web' } });
    const rendererDir = join(tempDir('archive-lock-renderer-'), 'r');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<html></html>');
    const host = await startWebHost({ core, rendererDir });
    try {
      const cli = await runCliChild(['search', '王', '--user', 'admin', '--data-dir', v.dataDir], ADMIN.password, '\u0000', null);
      expect(cli.code).toBe(75);
      expect(cli.stderr).toContain(`the Archive Room web host (start:web): process ${process.pid}`);
      expect(cli.stderr).toContain(`档案室网页服务（start:web）：进程 ${process.pid}`);
      // A second web host on the same folder does not start.
      const second = new ArchiveCore({ dataDir: v.dataDir, holder: { kind: 'web' } });
      await expect(startWebHost({ core: second, rendererDir })).rejects.toMatchObject({ code: 'FOLDER_IN_USE' });
      await second.close();
    } finally {
      await host.close();
      await core.close();
      rmSync(join(rendererDir, '..'), { recursive: true, force: true });
    }
  }, 300_000);
});
