import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OfficeClient } from '../../../electron/office/pinned-client';

export interface RunningOfficeServer {
  url: string;
  fingerprint: string;
  dataDir: string;
  /** The engine the data folder records (database.json names postgres, else the SQLCipher file). */
  engine: 'sqlcipher' | 'postgres';
  /** A client of the server pinned to its fingerprint (its own cookie, so its own session). */
  client(name?: string): OfficeClient;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'out/main/cli.js');

/**
 * A fresh archive made with the built CLI's `init`, then `archive-room serve` on it (port 0):
 * the same bundle an office installs. Reads the address and fingerprint from what serve prints.
 * With `database` (a postgres:// URL of an empty database) `init` runs with ARCHIVE_ROOM_DB set,
 * as an office making a PostgreSQL archive does, and `serve` follows the folder's database.json.
 */
export async function startOfficeServer(
  admin: { username: string; displayName: string; password: string },
  opts: { database?: string } = {},
): Promise<RunningOfficeServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'archive-office-e2e-'));
  // Neither child inherits an engine choice from the shell running the tests: only `database` picks one.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ARCHIVE_ROOM_DB;
  if (opts.database) env.ARCHIVE_ROOM_DB = opts.database;
  const init = spawnSync(
    process.execPath,
    [CLI, 'init', '--admin', admin.username, '--display-name', admin.displayName, '--community', '幸福社区', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...env, ARCHIVE_ROOM_PASSWORD: admin.password },
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) throw new Error(`init failed (${init.status}): ${init.stderr}`);
  const engineFile = join(dataDir, 'database.json');
  const engine =
    existsSync(engineFile) && (JSON.parse(readFileSync(engineFile, 'utf8')) as { engine?: string }).engine === 'postgres' ? 'postgres' : 'sqlcipher';

  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const { url, fingerprint } = await new Promise<{ url: string; fingerprint: string }>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`office server did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const u = /office server: (https:\S+)/.exec(out);
      const f = /fingerprint: ([0-9A-F:]{95})/.exec(out);
      if (u && f) {
        clearTimeout(timer);
        ok({ url: u[1], fingerprint: f[1] });
      }
    });
    child.on('exit', (code) => fail(new Error(`office server exited ${code}: ${stderr}`)));
  });
  const clients: OfficeClient[] = [];
  return {
    url,
    fingerprint,
    dataDir,
    engine,
    client(name) {
      const c = new OfficeClient({ url, fingerprint, clientName: name });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(hard);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
