import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private PostgreSQL cluster for tests, from the Debian packages: initdb and pg_ctl in a temp
 * folder, listening on a free port of 127.0.0.1 (and a socket in its own folder), trust auth for
 * the one superuser. PostgreSQL refuses to run as root, so under root the folder belongs to
 * `nobody` and the server runs as nobody. No mocks: the tests talk to the real server.
 */
export interface ClusterAddress {
  host: string;
  port: number;
  user: string;
  binDir: string;
}

const SUPERUSER = 'archive_test';

export function postgresBinDir(): string {
  for (const dir of ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin']) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const found = spawnSync('sh', ['-c', 'dirname "$(command -v initdb)"'], { encoding: 'utf8' }).stdout.trim();
  if (found && existsSync(join(found, 'pg_ctl'))) return found;
  throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a server binary as a non-root user when we are root (initdb and postgres refuse root). */
function asServerUser(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export class PostgresCluster {
  private stopped = false;
  private dbCount = 0;

  private constructor(
    readonly dir: string,
    readonly address: ClusterAddress,
  ) {}

  static async start(): Promise<PostgresCluster> {
    const binDir = postgresBinDir();
    const dir = mkdtempSync(join(tmpdir(), 'archive-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
    const data = join(dir, 'data');
    const port = await freePort();
    try {
      asServerUser(join(binDir, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
      // fsync off: a test cluster is thrown away; the archive's own durability is PostgreSQL's default elsewhere.
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
      asServerUser(join(binDir, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return new PostgresCluster(dir, { host: '127.0.0.1', port, user: SUPERUSER, binDir });
  }

  /** A fresh, empty database (one per test file or per archive); returns its connection URL. */
  createDatabase(prefix = 'archive'): string {
    const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++this.dbCount}_${Date.now().toString(36)}`;
    createDatabaseAt(this.address, name);
    return urlOf(this.address, name);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      asServerUser(join(this.address.binDir, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export function urlOf(a: Pick<ClusterAddress, 'host' | 'port' | 'user'>, database: string): string {
  return `postgres://${a.user}@${a.host}:${a.port}/${database}`;
}

/** CREATE DATABASE through the client binary (synchronous: a test vault's constructor is). */
export function createDatabaseAt(a: ClusterAddress, name: string): void {
  execFileSync(join(a.binDir, 'createdb'), ['-h', a.host, '-p', String(a.port), '-U', a.user, '-T', 'template0', '-E', 'UTF8', name], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * A copy of the database `url` names (CREATE DATABASE … TEMPLATE: nobody may be connected to it);
 * returns the copy's URL. For tests that copy a whole archive, as the fault tests do.
 */
export function copyDatabaseAt(a: ClusterAddress, url: string): string {
  const source = new URL(url).pathname.slice(1);
  const name = `${source.slice(0, 40)}_c${process.hrtime.bigint().toString(36)}`;
  execFileSync(join(a.binDir, 'createdb'), ['-h', a.host, '-p', String(a.port), '-U', a.user, '-T', source, name], { stdio: ['ignore', 'ignore', 'pipe'] });
  return urlOf(a, name);
}
