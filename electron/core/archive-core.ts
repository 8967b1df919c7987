import { randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { SessionInfo } from '../../shared/contract/auth.contract';
import { canonicalTimeZone, hostTimeZone, isTimeZone } from '../../shared/domain/archive-time';
import type { PasswordContext } from '../../shared/domain/password-policy';
import { foldUsername } from '../../shared/domain/username';
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import { Database } from '../db/database';
import { DB_FILES } from '../db/dialect';
import type { UserRecord } from '../db/entities/user.entity';
import { createServices, type Services } from '../services';
import { assertNewPassword } from '../services/credential-rules';
import { Keyring } from '../vault/keyring';
import { formatRecoveryKey, parseRecoveryKey } from '../vault/recovery-key';
import { SignInGuard } from '../vault/signin-guard';
import { iso, systemClock, type Clock } from './clock';
import { createOwnerOnly, tightenDataFolder } from './file-modes';
import { FolderLock, type HolderKind, type LockHolder } from './folder-lock';
import { KeyedQueue } from './keyed-queue';
import { emptyReport, quarantineOrphans, sweepFiles, type LeftoverReport } from './leftovers';
import { vaultPaths, type VaultPaths } from './paths';

export interface Session {
  clientId: string;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  lastActiveMs: number;
  locked: boolean;
}

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  randomBytes?: (n: number) => Buffer;
  newId?: () => string;
  /** Who this process is, for the message another opener gets while this one holds the folder. */
  holder?: { kind: HolderKind; detail?: string };
}

interface OpenVault {
  vaultKey: Buffer;
  keyring: Keyring;
  services: Services;
  idleMinutes: number;
  timeZone: string;
}

/**
 * One archive (data folder) and the people signed in to it. Owns the vault key while at least
 * one session is unlocked; locks and wipes it when the last one idles out or signs out.
 * Transport-agnostic: Electron IPC, the web host and the CLI all drive this same object.
 */
export class ArchiveCore {
  readonly paths: VaultPaths;
  readonly clock: Clock;
  readonly randomBytes: (n: number) => Buffer;
  readonly newId: () => string;
  private vault: OpenVault | null = null;
  private readonly sessions = new Map<string, Session>();
  private guard: SignInGuard;
  private timer: NodeJS.Timeout | null = null;
  private opening: Promise<OpenVault> | null = null;
  private readonly holder: { kind: HolderKind; detail?: string };
  private folderLock: FolderLock | null = null;
  private claiming: Promise<void> | null = null;
  /** Sign-in attempts, one at a time per (folded) user name: see KeyedQueue. */
  private readonly attempts = new KeyedQueue();
  /** What the last start cleared away (reported by `verify`). */
  leftovers: LeftoverReport = emptyReport();

  constructor(opts: CoreOptions) {
    this.paths = vaultPaths(opts.dataDir);
    mkdirSync(this.paths.dataDir, { recursive: true, mode: 0o700 });
    this.clock = opts.clock ?? systemClock;
    this.randomBytes = opts.randomBytes ?? nodeRandomBytes;
    this.newId = opts.newId ?? randomUUID;
    this.holder = opts.holder ?? { kind: 'tool' };
    this.guard = new SignInGuard(this.paths.guard);
  }

  /**
   * Takes the data folder for this process (see folder-lock.ts) or throws FOLDER_IN_USE naming
   * the holder. The app, the web host and the CLI call it at start; sign-in and setup call it too,
   * so no path reaches the files without it. Held until close().
   */
  async claimDataFolder(o: { waitMs?: number; onWait?: (h: LockHolder | null) => void } = {}): Promise<void> {
    if (this.folderLock?.held) return;
    this.claiming ??= (async () => {
      const lock = await FolderLock.acquire(this.paths.dataDir, { ...this.holder, waitMs: o.waitMs, onWait: o.onWait });
      try {
        // Another process may have counted failed sign-ins while we did not hold the folder.
        this.guard = new SignInGuard(this.paths.guard);
        tightenDataFolder(this.paths.dataDir);
        this.leftovers = sweepFiles(this.paths);
      } catch (e) {
        await lock.release();
        throw e;
      }
      this.folderLock = lock;
    })();
    try {
      await this.claiming;
    } finally {
      this.claiming = null;
    }
  }

  nowIso = (): string => iso(this.clock.now());
  now = (): number => this.clock.now();

  isSetUp(): boolean {
    return Keyring.exists(this.paths.keyring);
  }

  /** Starts the background idle sweep (the app and web host do; tests call sweepIdle directly). */
  startIdleTimer(intervalMs = 15_000): void {
    this.timer ??= setInterval(() => void this.sweepIdle(), intervalMs);
    this.timer.unref?.();
  }

  // ---------- first run ----------

  async setup(req: { communityName: string; username: string; displayName: string; password: string; timeZone?: string }, clientId: string) {
    await this.claimDataFolder();
    if (this.isSetUp()) throw new AppError('ALREADY_SET_UP');
    assertNewPassword(req.password, { username: req.username, communityName: req.communityName });
    // A keyring is written last, so DB files without one are leftovers of a setup that died.
    for (const f of DB_FILES(this.paths.db)) rmSync(f, { force: true });
    createOwnerOnly(this.paths.db);
    const vaultKey = this.randomBytes(32);
    const recoveryRaw = this.randomBytes(32);
    const keyring = Keyring.create(this.paths.keyring, randomUUID(), this.nowIso(), { randomBytes: this.randomBytes });
    const db = await Database.open(this.paths.db, vaultKey);
    const services = createServices(db, vaultKey, this);
    let admin: UserRecord;
    try {
      admin = await db.write(async (m) => {
        // The archive keeps the zone it was made in, even if the PC, a server or a test runner later differs.
        const timeZone = req.timeZone && isTimeZone(req.timeZone) ? canonicalTimeZone(req.timeZone) : hostTimeZone();
        await services.settings.put(m, { communityName: req.communityName, timeZone });
        const u = await services.users.create(m, { username: req.username, displayName: req.displayName, role: 'admin', mustChangePassword: false });
        await services.audit.append(m, { actor: u.username, action: 'vault.created', subject: `user:${u.id}`, details: { communityName: req.communityName } });
        // What the migrations set up in the new database (the default tag palette) is audited with its creation.
        await services.audit.flushOutbox(m);
        return u;
      });
      await keyring.setPassword(admin.id, admin.username, req.password, vaultKey);
      keyring.setRecovery(recoveryRaw, vaultKey);
      keyring.save();
    } catch (err) {
      await db.close();
      throw err;
    }
    const settings = await services.settings.get();
    this.vault = { vaultKey, keyring, services, idleMinutes: settings.idleMinutes, timeZone: settings.timeZone };
    const session = this.startSession(clientId, admin);
    return { recoveryKey: formatRecoveryKey(recoveryRaw), session, communityName: req.communityName };
  }

  // ---------- sign-in, unlock, recovery ----------

  async signIn(clientId: string, username: string, password: string): Promise<SessionInfo> {
    await this.claimDataFolder();
    this.requireSetUp();
    // "Admin" and "admin" share one counter; attempts for one name are counted one after another.
    const key = foldUsername(username);
    return this.attempts.run(key, () => this.signInOnce(clientId, key, username, password));
  }

  private async signInOnce(clientId: string, key: string, username: string, password: string): Promise<SessionInfo> {
    this.checkThrottle(key);
    const keyring = Keyring.load(this.paths.keyring, { randomBytes: this.randomBytes });
    const opened = await keyring.unlockWithPassword(username, password);
    if (!opened) {
      this.guard.recordFailure(key, this.clock.now(), this.nowIso());
      await this.flushSecurityEvents();
      throw new AppError('BAD_CREDENTIALS', { retryAfterMs: this.guard.waitMs(key, this.clock.now()) });
    }
    const vault = await this.openVault(opened.vaultKey, keyring);
    const user = await vault.services.users.byId(opened.userId);
    if (!user || !user.active) {
      await this.closeIfUnused();
      throw new AppError('USER_DISABLED');
    }
    this.guard.recordSuccess(key);
    await vault.services.audit.record({ actor: user.username, action: 'auth.signIn', subject: `user:${user.id}` });
    return this.startSession(clientId, user);
  }

  /** Unlock a locked session: only the same user, with their password. */
  async unlock(clientId: string, password: string): Promise<SessionInfo> {
    const s = this.sessions.get(clientId);
    if (!s) throw new AppError('UNAUTHENTICATED');
    const info = await this.signIn(clientId, s.username, password);
    return info;
  }

  async recover(clientId: string, username: string, recoveryKey: string, newPassword: string): Promise<SessionInfo> {
    await this.claimDataFolder();
    this.requireSetUp();
    const key = `recovery:${foldUsername(username)}`;
    return this.attempts.run(key, () => this.recoverOnce(clientId, key, username, recoveryKey, newPassword));
  }

  private async recoverOnce(clientId: string, key: string, username: string, recoveryKey: string, newPassword: string): Promise<SessionInfo> {
    this.checkThrottle(key);
    const keyring = Keyring.load(this.paths.keyring, { randomBytes: this.randomBytes });
    const raw = parseRecoveryKey(recoveryKey);
    const vaultKey = raw ? keyring.unlockWithRecovery(raw) : null;
    if (!vaultKey) {
      this.guard.recordFailure(key, this.clock.now(), this.nowIso(), 'auth.recover.failed');
      await this.flushSecurityEvents();
      throw new AppError('BAD_RECOVERY_KEY', { fields: [{ path: 'recoveryKey', zh: '恢复密钥不正确', en: 'Wrong recovery key' }] });
    }
    const vault = await this.openVault(vaultKey, keyring);
    const user = await vault.services.users.byUsername(username);
    if (!user || !user.active) {
      await this.closeIfUnused();
      throw new AppError('USER_DISABLED', { zh: '该用户不存在或已停用。', en: 'No such active user.' });
    }
    try {
      assertNewPassword(newPassword, await this.passwordContext(user.username), 'newPassword');
    } catch (e) {
      await this.closeIfUnused();
      throw e;
    }
    await keyring.setPassword(user.id, user.username, newPassword, vaultKey);
    keyring.save();
    await vault.services.db.write(async (m) => {
      await vault.services.users.update(m, user.id, { mustChangePassword: false });
      await vault.services.audit.append(m, { actor: user.username, action: 'auth.recover', subject: `user:${user.id}` });
    });
    this.guard.recordSuccess(key);
    return this.startSession(clientId, { ...user, mustChangePassword: false });
  }

  async changePassword(clientId: string, current: string, next: string): Promise<void> {
    const s = this.requireSession(clientId);
    const v = this.requireVault();
    const check = await v.keyring.unlockWithPassword(s.username, current);
    if (!check) throw new AppError('BAD_CREDENTIALS', { fields: [{ path: 'currentPassword', zh: '当前密码不正确', en: 'Current password is wrong' }] });
    assertNewPassword(next, await this.passwordContext(s.username), 'newPassword');
    await v.keyring.setPassword(s.userId, s.username, next, v.vaultKey);
    v.keyring.save();
    await v.services.db.write(async (m) => {
      await v.services.users.update(m, s.userId, { mustChangePassword: false });
      await v.services.audit.append(m, { actor: s.username, action: 'auth.changePassword', subject: `user:${s.userId}` });
    });
    s.mustChangePassword = false;
  }

  async signOut(clientId: string): Promise<void> {
    const s = this.sessions.get(clientId);
    if (!s) return;
    this.sessions.delete(clientId);
    if (this.vault && !s.locked) await this.vault.services.audit.record({ actor: s.username, action: 'auth.signOut', subject: `user:${s.userId}` });
    await this.closeIfUnused();
  }

  /**
   * Checks another person's password at this desk (a 监销人 confirming a destruction) without
   * signing them in. Same throttle as sign-in; failures are counted and audited.
   */
  async verifyPassword(username: string, password: string): Promise<UserRecord> {
    const key = foldUsername(username);
    return this.attempts.run(key, () => this.verifyPasswordOnce(key, username, password));
  }

  private async verifyPasswordOnce(key: string, username: string, password: string): Promise<UserRecord> {
    this.checkThrottle(key);
    const v = this.requireVault();
    const r = await v.keyring.unlockWithPassword(username, password);
    if (!r || !r.vaultKey.equals(v.vaultKey)) {
      this.guard.recordFailure(key, this.clock.now(), this.nowIso(), 'auth.confirm.failed');
      await this.flushSecurityEvents();
      throw new AppError('BAD_CREDENTIALS', { fields: [{ path: 'password', zh: '用户名或密码错误', en: 'Wrong user name or password' }] });
    }
    this.guard.recordSuccess(key);
    const user = await v.services.users.byId(r.userId);
    if (!user || !user.active) throw new AppError('USER_DISABLED');
    return user;
  }

  // ---------- sessions ----------

  /** The session for a request, after applying the idle rule. */
  async sessionFor(clientId: string): Promise<Session | null> {
    const s = this.sessions.get(clientId);
    if (!s) return null;
    if (!s.locked && this.vault && this.clock.now() - s.lastActiveMs > this.vault.idleMinutes * 60_000) {
      await this.lock(s, 'idle');
    }
    return s;
  }

  /** A signed-in, unlocked session for this client (the web host sizes request bodies by it). */
  hasOpenSession(clientId: string): boolean {
    const s = this.sessions.get(clientId);
    return !!s && !s.locked && !!this.vault;
  }

  /** What a new password is compared with besides the common list: the user and community names. */
  async passwordContext(username: string): Promise<PasswordContext> {
    const communityName = this.vault ? (await this.vault.services.settings.get()).communityName : undefined;
    return { username, communityName };
  }

  touch(s: Session): void {
    s.lastActiveMs = this.clock.now();
  }

  async sweepIdle(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.sessionFor(id);
  }

  requireVault(): OpenVault {
    if (!this.vault) throw new AppError('LOCKED');
    return this.vault;
  }

  get services(): Services {
    return this.requireVault().services;
  }

  /** For the users service: wrap the vault key for a new or reset password. */
  get keyring(): Keyring {
    return this.requireVault().keyring;
  }
  get vaultKey(): Buffer {
    return this.requireVault().vaultKey;
  }

  setIdleMinutes(n: number): void {
    if (this.vault) this.vault.idleMinutes = n;
  }

  /** Keeps the zone handed to screens with the session in step with the saved setting. */
  setTimeZone(tz: string): void {
    if (this.vault) this.vault.timeZone = tz;
  }

  /** Ends every session of a user (after disabling them or changing their role). */
  async endSessionsOf(userId: string): Promise<void> {
    for (const [id, s] of this.sessions) if (s.userId === userId) this.sessions.delete(id);
    await this.closeIfUnused();
  }

  info(s: Session): SessionInfo {
    return {
      userId: s.userId,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      mustChangePassword: s.mustChangePassword,
      idleMinutes: this.vault?.idleMinutes ?? 10,
      timeZone: this.vault?.timeZone ?? hostTimeZone(),
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sessions.clear();
    await this.closeVault();
    await this.claiming?.catch(() => undefined);
    const lock = this.folderLock;
    this.folderLock = null;
    await lock?.release();
  }

  private requireSession(clientId: string): Session {
    const s = this.sessions.get(clientId);
    if (!s || s.locked) throw new AppError(s ? 'LOCKED' : 'UNAUTHENTICATED');
    return s;
  }

  private startSession(clientId: string, u: UserRecord): SessionInfo {
    const s: Session = {
      clientId,
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      mustChangePassword: u.mustChangePassword,
      lastActiveMs: this.clock.now(),
      locked: false,
    };
    this.sessions.set(clientId, s);
    return this.info(s);
  }

  private async lock(s: Session, why: string): Promise<void> {
    s.locked = true;
    if (this.vault) await this.vault.services.audit.record({ actor: s.username, action: 'auth.locked', subject: `user:${s.userId}`, details: { why } });
    await this.closeIfUnused();
  }

  private requireSetUp(): void {
    if (!this.isSetUp()) throw new AppError('NOT_SET_UP');
  }

  private checkThrottle(key: string): void {
    const wait = this.guard.waitMs(key, this.clock.now());
    if (wait > 0) {
      const secs = Math.ceil(wait / 1000);
      throw new AppError('THROTTLED', { zh: `登录失败次数过多，请 ${secs} 秒后再试。`, en: `Too many failed attempts; try again in ${secs} s.`, retryAfterMs: wait });
    }
  }

  private async openVault(vaultKey: Buffer, keyring: Keyring): Promise<OpenVault> {
    if (this.vault) {
      if (!this.vault.vaultKey.equals(vaultKey)) throw new AppError('KEYRING_DAMAGED');
      return this.vault;
    }
    if (!existsSync(this.paths.db)) throw new AppError('DB_DAMAGED', { zh: '找不到数据库文件，请从备份恢复。', en: 'The database file is missing; restore from a backup.' });
    // Two sign-ins racing must not open the database twice.
    this.opening ??= (async () => {
      const db = await Database.open(this.paths.db, vaultKey);
      const services = createServices(db, vaultKey, this);
      const { idleMinutes, timeZone } = await services.settings.get();
      // Migrations that ran on this open (the default tag palette) are audited now that the key is here.
      if (await services.audit.outboxPending()) await db.write((m) => services.audit.flushOutbox(m));
      // A destruction that committed but died before removing its ciphertext finishes here.
      await services.destruction.finishPending();
      const ids: { id: string }[] = await db.manager.query('SELECT id FROM attachments');
      this.leftovers = quarantineOrphans(this.paths, new Set(ids.map((r) => r.id)), this.leftovers);
      // The WAL and SHM exist only now; they take the database file's rights, checked here anyway.
      tightenDataFolder(this.paths.dataDir);
      return { vaultKey, keyring, services, idleMinutes, timeZone };
    })();
    try {
      this.vault = await this.opening;
      await this.flushSecurityEvents();
      return this.vault;
    } finally {
      this.opening = null;
    }
  }

  /** Failed sign-ins wait in the guard file while the vault is locked; with it open, write them now. */
  private async flushSecurityEvents(): Promise<void> {
    if (!this.vault) return;
    const pending = this.guard.takePending();
    if (!pending.length) return;
    const audit = this.vault.services.audit;
    await this.vault.services.db.write(async (m) => {
      for (const p of pending) await audit.append(m, { actor: p.username, action: p.action, details: { at: p.at } });
    });
  }

  private async closeIfUnused(): Promise<void> {
    const anyUnlocked = [...this.sessions.values()].some((s) => !s.locked);
    if (!anyUnlocked) await this.closeVault();
  }

  private async closeVault(): Promise<void> {
    const v = this.vault;
    this.vault = null;
    if (!v) return;
    await v.services.db.close();
    v.vaultKey.fill(0);
  }
}
