import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Moves the host's injected clock forward (test hook, only with --test-hooks). */
  advanceClock(ms: number): Promise<void>;
  /** Sets the host's clock to an instant, optionally frozen there (screenshots; only with --test-hooks). */
  setClock(at: Date, opts?: { freeze?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** A data folder to serve, left in place on stop; without one, a fresh temporary folder, removed on stop. */
  dataDir?: string;
  /** Start with the test hooks (clock control); true unless a caller measures the host as users run it. */
  testHooks?: boolean;
  /** How long the host may take to say where it listens (a large archive opens slower); 30 s. */
  startTimeoutMs?: number;
}

/** The built web host (out/main/host.js, built from electron/host/start.ts). */
export const HOST_JS = resolve(__dirname, '../../../out/main/host.js');

/** Starts the real web host on a fresh data folder, or on `o.dataDir`. */
export async function startHost(o: HostOptions = {}): Promise<RunningHost> {
  const root = resolve(__dirname, '../../..');
  const ownFolder = !o.dataDir;
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'archive-e2e-'));
  // The built host (npm test builds first): the same bundle `npm run start:web` runs.
  const args = [HOST_JS, '--data-dir', dataDir, ...(o.testHooks === false ? [] : ['--test-hooks'])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`web host did not start: ${stderr}`)), o.startTimeoutMs ?? 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /web host: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`web host exited ${code}: ${stderr}`)));
  });
  const u = new URL(url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token')!;
  return {
    url,
    origin: u.origin,
    token,
    dataDir,
    async advanceClock(ms) {
      const r = await fetch(`${u.origin}/__test/clock`, { method: 'POST', headers: { 'x-archive-token': token }, body: JSON.stringify({ advanceMs: ms }) });
      if (!r.ok) throw new Error(`clock hook failed: ${r.status}; host said: ${stderr.slice(-2000)}`);
    },
    async setClock(at, opts = {}) {
      const r = await fetch(`${u.origin}/__test/clock`, {
        method: 'POST',
        headers: { 'x-archive-token': token },
        body: JSON.stringify({ setMs: at.getTime(), freeze: !!opts.freeze }),
      });
      if (!r.ok) throw new Error(`clock hook failed: ${r.status}; host said: ${stderr.slice(-2000)}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(hard);
      }
      if (ownFolder) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
