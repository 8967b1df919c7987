import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/roles';
import { ArchiveCore } from '../../electron/core/archive-core';
import { OffsetClock, systemClock, type Clock } from '../../electron/core/clock';
import { dispatch } from '../../electron/ipc/dispatch';
import { handlers } from '../../electron/ipc/handlers';
import { copyDatabaseAt, createDatabaseAt, urlOf, type ClusterAddress } from './postgres-cluster';

export const ADMIN = { username: 'admin', displayName: '王管理', password: 'Admin-pass-2026' };
export const PASSWORD = 'Staff-pass-2026';

/**
 * In the `postgres` test project (vitest.config.mts) every archive a test makes gets its own empty
 * database on the run's private cluster; elsewhere archives are SQLCipher files, as users' are.
 */
export function testDatabase(prefix = 'vault'): string | undefined {
  const raw = process.env.ARCHIVE_ROOM_TEST_PG;
  if (!raw) return undefined;
  const a = JSON.parse(raw) as ClusterAddress;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  createDatabaseAt(a, name);
  return urlOf(a, name);
}

/**
 * What `archive-room init` (a child process) needs in its environment to make this run's kind of
 * archive: in the `postgres` project a new empty database (ARCHIVE_ROOM_DB), elsewhere nothing.
 */
export function initEnv(): Record<string, string> {
  const url = testDatabase();
  return url ? { ARCHIVE_ROOM_DB: url } : {};
}

/** Which engine this run's archives use. */
export const TEST_ENGINE: 'postgres' | 'sqlcipher' = process.env.ARCHIVE_ROOM_TEST_PG ? 'postgres' : 'sqlcipher';

export function tempDir(prefix = 'archive-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A copy of a closed archive, as another PC would have it: the data folder and, on PostgreSQL, its
 * database too (CREATE DATABASE … TEMPLATE, named in the copy's database.json). A file that needs
 * the same starting archive in every test builds it once and copies it per test.
 */
export function copyArchive(from: string, to: string = tempDir()): string {
  cpSync(from, to, { recursive: true });
  const file = join(to, 'database.json');
  if (!existsSync(file)) return to;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { engine: 'postgres'; url: string };
  writeFileSync(file, JSON.stringify({ ...stored, url: copyDatabaseAt(JSON.parse(process.env.ARCHIVE_ROOM_TEST_PG!), stored.url) }, null, 2));
  return to;
}

/** A clock that stands still at `iso` until a test moves it (OffsetClock.advance, TestVault.travel). */
export function frozenAt(iso: string): Clock {
  const ms = Date.parse(iso);
  return { now: () => ms };
}

/** A real archive in a temp folder, driven through the same dispatch as IPC and the web host. */
export class TestVault {
  readonly clock: OffsetClock;
  readonly core: ArchiveCore;
  recoveryKey = '';

  /**
   * `base`: the clock under the offset; a fixed one pins printed minutes (see frozenAt). A folder
   * that already holds an archive (a copy, or one `archive-room init` made) keeps the database it
   * names: a new empty one is made only for an archive still to be set up.
   */
  constructor(
    readonly dataDir = tempDir(),
    base: Clock = systemClock,
  ) {
    this.clock = new OffsetClock(base);
    const database = existsSync(join(dataDir, 'keyring.json')) ? undefined : testDatabase();
    this.core = new ArchiveCore({ dataDir, clock: this.clock, database });
  }

  call(clientId: string, name: string, payload: unknown = {}) {
    return dispatch(this.core, handlers, { trusted: true, clientId }, name, payload);
  }

  async ok<T = unknown>(clientId: string, name: string, payload: unknown = {}): Promise<T> {
    const r = await this.call(clientId, name, payload);
    if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }

  async setup(): Promise<this> {
    const r = await this.ok<{ recoveryKey: string }>('admin', 'auth.setup', { communityName: '幸福社区', ...ADMIN });
    this.recoveryKey = r.recoveryKey;
    return this;
  }

  /** Creates a user with `role` and signs them in as client `clientId` (temporary password changed). */
  async userWithRole(role: Role, clientId: string = role): Promise<string> {
    const username = `${role}${Math.floor(Math.random() * 1e6)}`;
    await this.ok('admin', 'users.create', { username, displayName: `${role}用户`, role, password: 'Temp-pass-2026' });
    await this.ok(clientId, 'auth.signIn', { username, password: 'Temp-pass-2026' });
    await this.ok(clientId, 'auth.changePassword', { currentPassword: 'Temp-pass-2026', newPassword: PASSWORD });
    return username;
  }

  /** Moves the clock (days pass in the archive room), then unlocks the named sessions again. */
  async travel(ms: number, clients: string[]): Promise<void> {
    this.clock.advance(ms);
    for (const c of clients) await this.ok(c, 'auth.unlock', { password: c === 'admin' ? ADMIN.password : PASSWORD });
  }

  async close(): Promise<void> {
    await this.core.close();
  }

  async destroy(): Promise<void> {
    await this.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
