import { randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import type { SessionInfo } from '../../shared/contract/auth.contract';
import { canonicalTimeZone, hostTimeZone, isTimeZone } from '../../shared/domain/archive-time';
import type { PasswordContext } from '../../shared/domain/password-policy';
import { foldUsername } from '../../shared/domain/username';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Role } from '../../shared/roles';
import { Database } from '../db/database';
import type { DbTarget } from '../db/engine';
import { AttachmentEntity } from '../db/entities/record.entity';
import { DB_FILES } from '../db/dialect';
import type { UserRecord } from '../db/entities/user.entity';
import { createServices, type Services } from '../services';
import type { Grant, TrustAnchors } from '../services/audit-grants';
import { assertNewPassword } from '../services/credential-rules';
import { grantOf, latestGrantOf, standingHolds } from '../services/standing';
import { Keyring } from '../vault/keyring';
import { newUserKeys, type UserKeys } from '../vault/user-keys';
import { loadVaultSecrets, type VaultSecrets } from '../vault/vault-secrets';
import { formatRecoveryKey, parseRecoveryKey } from '../vault/recovery-key';
import { SignInGuard } from '../vault/signin-guard';
import { iso, systemClock, type Clock } from './clock';
import { createOwnerOnly, tightenDataFolder } from './file-modes';
import { isDiskFull } from './internal-log';
import { FolderLock, type HolderKind, type LockHolder } from './folder-lock';
import { KeyedQueue } from './keyed-queue';
import { emptyReport, quarantineOrphans, sweepFiles, type LeftoverReport } from './leftovers';
import { vaultPaths, type VaultPaths } from './paths';
import { rekeyVault, settleRekey, type RekeyStep } from './rekey';
import { StaffAccounts } from './staff-accounts';
import { storedTarget, targetForSetup } from './db-target';
import { Signers } from './signers';

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
  /** Tests only: called after each re-key step (a fault test kills the process there). */
  afterRekeyStep?: (step: RekeyStep) => void | Promise<void>;
  /** A postgres:// URL for a new archive (else ARCHIVE_ROOM_DB, else SQLCipher): see db-target.ts. */
  database?: string;
  /**
   * Office server (`archive-room serve`): the archive starts locked and only an administrator's
   * sign-in (password or recovery key) unlocks it; from then on the vault key stays in this
   * process's memory for every client, until the server stops, instead of closing with the last
   * session.
   */
  office?: boolean;
}

/** What an administrator is told after a re-key: whether the old key still opens the data. */
export interface RekeyOutcome {
  done: boolean;
  zh: string;
  en: string;
}

interface OpenVault {
  vaultKey: Buffer;
  keyring: Keyring;
  services: Services;
  secrets: VaultSecrets;
  signers: Signers;
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
  /** `auth.locked` entries being written (see lock). */
  private readonly recordingLocks = new Set<Promise<void>>();
  private guard: SignInGuard;
  private timer: NodeJS.Timeout | null = null;
  private opening: Promise<OpenVault> | null = null;
  private readonly holder: { kind: HolderKind; detail?: string };
  private folderLock: FolderLock | null = null;
  private claiming: Promise<void> | null = null;
  /** Sign-in attempts, one at a time per (folded) user name: see KeyedQueue. */
  private readonly attempts = new KeyedQueue();
  private readonly afterRekeyStep?: (step: RekeyStep) => void | Promise<void>;
  private readonly databaseOption?: string;
  private rekeying: Promise<unknown> | null = null;
  private readonly office: boolean;
  /** Office server only: true until an administrator unlocks it (see CoreOptions.office). */
  private serverLocked: boolean;
  /** What the last start cleared away (reported by `verify`). */
  leftovers: LeftoverReport = emptyReport();
  /** 设置 → 用户: staff accounts, with their keys (staff-accounts.ts). */
  readonly accounts = new StaffAccounts(this);

  constructor(opts: CoreOptions) {
    this.paths = vaultPaths(opts.dataDir);
    mkdirSync(this.paths.dataDir, { recursive: true, mode: 0o700 });
    this.clock = opts.clock ?? systemClock;
    this.randomBytes = opts.randomBytes ?? nodeRandomBytes;
    this.newId = opts.newId ?? randomUUID;
    this.holder = opts.holder ?? { kind: 'tool' };
    this.afterRekeyStep = opts.afterRekeyStep;
    this.databaseOption = opts.database;
    this.office = opts.office ?? false;
    this.serverLocked = this.office;
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
    const target = targetForSetup(this.paths, this.databaseOption);
    if (target.engine === 'sqlcipher') {
      // A keyring is written last, so DB files without one are leftovers of a setup that died.
      for (const f of DB_FILES(this.paths.db)) rmSync(f, { force: true });
      createOwnerOnly(this.paths.db);
    } else if (await Database.hasArchive(target)) {
      throw new AppError('ALREADY_SET_UP', ERR.auth.postgresNotEmpty);
    }
    const vaultKey = this.randomBytes(32);
    const recoveryRaw = this.randomBytes(32);
    const adminId = this.newId();
    const founder = newUserKeys();
    const keyring = Keyring.create(
      this.paths.keyring,
      { vaultId: randomUUID(), now: this.nowIso(), vaultKey, founderId: adminId, founder, recoveryRaw },
      { randomBytes: this.randomBytes },
    );
    const db = await Database.open(target, vaultKey);
    const signers = new Signers(() => anchorsOf(keyring), keyring.systemKeys(vaultKey), this.now);
    let admin: UserRecord;
    let services: Services;
    let secrets: VaultSecrets;
    try {
      secrets = await db.write((m) => loadVaultSecrets(m, this.randomBytes, vaultKey));
      services = createServices(db, secrets, this, signers);
      admin = await db.write(async (m) => {
        // The archive keeps the zone it was made in, even if the PC, a server or a test runner later differs.
        const timeZone = req.timeZone && isTimeZone(req.timeZone) ? canonicalTimeZone(req.timeZone) : hostTimeZone();
        await services.settings.put(m, { communityName: req.communityName, timeZone });
        const u = await services.users.create(m, { username: req.username, displayName: req.displayName, role: 'admin', mustChangePassword: false }, adminId);
        signers.hold(u.username, u.id, founder);
        // The founding entry is self-signed by the founder's key, which the keyring anchors: every later grant leads back here.
        const grant: Grant = { userId: u.id, username: u.username, role: 'admin', active: true, signPublic: founder.signPublic };
        await services.audit.append(m, {
          actor: u.username,
          action: 'vault.created',
          subject: `user:${u.id}`,
          details: { communityName: req.communityName, recoverySignPublic: keyring.recoverySignPublic },
          grant,
        });
        // What the migrations set up in the new database (the default tag palette) is audited with its creation.
        await services.audit.flushOutbox(m);
        return u;
      });
      await keyring.setUser(admin.id, admin.username, req.password, founder, vaultKey);
      keyring.save();
    } catch (err) {
      await db.close();
      throw err;
    }
    const settings = await services.settings.get();
    this.vault = { vaultKey, keyring, services, secrets, signers, idleMinutes: settings.idleMinutes, timeZone: settings.timeZone };
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
    await this.rekeying?.catch(() => undefined);
    // A re-key a crash interrupted is finished or dropped first (rekey.ts): one keyring is the truth.
    if (!this.vault)
      await settleRekey(
        this.paths,
        { randomBytes: this.randomBytes },
        (k) => k.unlockWithPassword(username, password),
        (key) => Database.keyOpens(this.dbTarget(), key),
      );
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
    await this.assertStanding(vault, user, opened.keys);
    const unlocks = await this.admitToOffice(user);
    this.guard.recordSuccess(key);
    vault.signers.hold(user.username, user.id, opened.keys);
    if (unlocks) await vault.services.audit.record({ actor: user.username, action: 'server.unlocked', subject: `user:${user.id}` });
    await vault.services.audit.record({ actor: user.username, action: 'auth.signIn', subject: `user:${user.id}` });
    return this.startSession(clientId, user);
  }

  /** Office server: whether no administrator has unlocked it yet (nothing is served but sign-in). */
  isServerLocked(): boolean {
    return this.office && this.serverLocked;
  }

  /**
   * While an office server is locked only an administrator gets in, and their sign-in unlocks it
   * for everyone: the vault stays open from then on. Anyone else is refused and the vault closes
   * again at once. True when this sign-in is the one that unlocks (the caller audits it once the
   * person's signing key is held).
   */
  private async admitToOffice(user: UserRecord): Promise<boolean> {
    if (!this.isServerLocked()) return false;
    if (user.role !== 'admin') {
      await this.closeIfUnused();
      throw new AppError('SERVER_LOCKED');
    }
    this.serverLocked = false;
    return true;
  }

  /**
   * Office server: an administrator locks it again without a restart (the office closes for the
   * night, a PC was lost): the entry is written while the key is still held, then every session
   * ends and the vault key is wiped. The next administrator sign-in unlocks it, as after a start.
   */
  async lockServer(clientId: string): Promise<{ sessionsEnded: number }> {
    const s = this.sessions.get(clientId);
    if (!this.office) {
      throw new AppError('NOT_OFFICE_SERVER');
    }
    if (!s || s.locked || !this.vault) throw new AppError('UNAUTHENTICATED');
    const sessionsEnded = this.sessions.size;
    await this.vault.services.audit.record({ actor: s.username, action: 'server.locked', subject: `user:${s.userId}`, details: { sessionsEnded } });
    this.serverLocked = true;
    this.sessions.clear();
    await this.closeVault();
    return { sessionsEnded };
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
    const recovered = raw ? keyring.unlockWithRecovery(raw) : null;
    if (!recovered) {
      this.guard.recordFailure(key, this.clock.now(), this.nowIso(), 'auth.recover.failed');
      await this.flushSecurityEvents();
      throw new AppError('BAD_RECOVERY_KEY', ERR.auth.wrongRecoveryKey);
    }
    const { vaultKey } = recovered;
    const vault = await this.openVault(vaultKey, keyring);
    const user = await vault.services.users.byUsername(username);
    if (!user || !user.active) {
      await this.closeIfUnused();
      throw new AppError('USER_DISABLED', ERR.auth.noActiveUser);
    }
    const unlocks = await this.admitToOffice(user);
    try {
      assertNewPassword(newPassword, await this.passwordContext(user.username), 'newPassword');
    } catch (e) {
      await this.closeIfUnused();
      throw e;
    }
    // New keys for the person, granted by the recovery key (whose public half the founding entry names).
    const keys = newUserKeys();
    const grant = await this.rekeyedGrant(vault, user.id, keys);
    await vault.signers.asRecovery(recovered.keys, () =>
      vault.services.db.write(async (m) => {
        await vault.services.users.update(m, user.id, { mustChangePassword: false });
        await vault.services.audit.append(m, { actor: user.username, action: 'auth.recover', subject: `user:${user.id}`, grant });
      }),
    );
    await keyring.setUser(user.id, user.username, newPassword, keys, vaultKey);
    keyring.save();
    this.guard.recordSuccess(key);
    vault.signers.hold(user.username, user.id, keys);
    if (unlocks)
      await vault.services.audit.record({ actor: user.username, action: 'server.unlocked', subject: `user:${user.id}`, details: { by: 'recovery key' } });
    return this.startSession(clientId, { ...user, mustChangePassword: false });
  }

  async changePassword(clientId: string, current: string, next: string): Promise<void> {
    const s = this.requireSession(clientId);
    const v = this.requireVault();
    const check = await v.keyring.unlockWithPassword(s.username, current);
    if (!check) throw new AppError('BAD_CREDENTIALS', ERR.auth.wrongCurrentPassword);
    assertNewPassword(next, await this.passwordContext(s.username), 'newPassword');
    // A new password brings new keys (a temporary password's keys were known to whoever set it);
    // the old key signs the hand-over, so the chain of keys stays unbroken.
    const keys = newUserKeys();
    const grant = await this.rekeyedGrant(v, s.userId, keys);
    await v.services.db.write(async (m) => {
      await v.services.users.update(m, s.userId, { mustChangePassword: false });
      await v.services.audit.append(m, { actor: s.username, action: 'auth.changePassword', subject: `user:${s.userId}`, grant });
    });
    await v.keyring.setUser(s.userId, s.username, next, keys, v.vaultKey);
    v.keyring.save();
    v.signers.hold(s.username, s.userId, keys);
    s.mustChangePassword = false;
  }

  async signOut(clientId: string): Promise<void> {
    const s = this.sessions.get(clientId);
    if (!s) return;
    this.sessions.delete(clientId);
    if (this.vault && !s.locked) await this.vault.services.audit.record({ actor: s.username, action: 'auth.signOut', subject: `user:${s.userId}` });
    this.dropSignerIfGone(s.userId, s.username);
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
      throw new AppError('BAD_CREDENTIALS', ERR.auth.wrongPassword);
    }
    this.guard.recordSuccess(key);
    const user = await v.services.users.byId(r.userId);
    if (!user || !user.active) throw new AppError('USER_DISABLED');
    await this.assertStanding(v, user, r.keys);
    // Their confirmation is signed by their own key, not the clerk's at the keyboard.
    v.signers.atDesk(user.username, r.keys);
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

  /** The vault is open (someone is signed in and not idle-locked): background work may run. */
  isUnlocked(): boolean {
    return this.vault !== null;
  }

  /** Sessions signed in and not locked (the backup timer signs as one of them). */
  unlockedSessions(): readonly Session[] {
    return [...this.sessions.values()].filter((s) => !s.locked);
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

  /** For backups: the keyring and vault key a manifest is sealed with. */
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
    for (const [id, s] of this.sessions) {
      if (s.userId !== userId) continue;
      this.sessions.delete(id);
      this.vault?.signers.drop(s.username);
    }
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
    // Signed with the person's key, which goes with the last of their sessions: recorded before
    // any close, and a close waits for every lock still being recorded (closeIfUnused).
    const entry = (async () => {
      if (this.vault) await this.vault.services.audit.record({ actor: s.username, action: 'auth.locked', subject: `user:${s.userId}`, details: { why } });
    })();
    this.recordingLocks.add(entry);
    try {
      await entry;
    } finally {
      this.recordingLocks.delete(entry);
    }
    await this.locksRecorded();
    this.dropSignerIfGone(s.userId, s.username);
    await this.closeIfUnused();
  }

  /**
   * A person's role and key must rest on signed grants back to the founder (standing.ts): a role
   * written into the database behind the app's back, or a keyring entry swapped for an old one,
   * opens nothing. The refusal itself is recorded.
   */
  private async assertStanding(v: OpenVault, user: UserRecord, keys: UserKeys): Promise<void> {
    if (await standingHolds(v.services.db.manager, anchorsOf(v.keyring), user, keys.signPublic)) return;
    await v.services.audit.record({ actor: user.username, action: 'auth.standing.refused', subject: `user:${user.id}`, details: { role: user.role } });
    await this.closeIfUnused();
    throw new AppError('FORBIDDEN', ERR.auth.noGrant);
  }

  /** The person's signed standing with a new key: what a password change, reset or recovery grants. */
  async rekeyedGrant(v: OpenVault, userId: string, keys: UserKeys, patch: Partial<Pick<Grant, 'role' | 'active'>> = {}): Promise<Grant> {
    const latest = await latestGrantOf(v.services.db.manager, userId);
    const g = latest ? grantOf(latest) : null;
    if (!g) throw new AppError('FORBIDDEN', ERR.auth.userHasNoGrant);
    return { ...g, ...patch, signPublic: keys.signPublic };
  }

  /** The person's signed standing with their current key and a changed role or state. */
  async changedGrant(userId: string, patch: Partial<Pick<Grant, 'role' | 'active'>>): Promise<Grant> {
    const v = this.requireVault();
    const latest = await latestGrantOf(v.services.db.manager, userId);
    const g = latest ? grantOf(latest) : null;
    if (!g) throw new AppError('FORBIDDEN', ERR.auth.userHasNoGrant);
    return { ...g, ...patch };
  }

  private dropSignerIfGone(userId: string, username: string): void {
    const stillIn = [...this.sessions.values()].some((x) => x.userId === userId && !x.locked);
    if (!stillIn) this.vault?.signers.drop(username);
  }

  /**
   * A new vault key after someone's access ends (disabled) or narrows (role lowered): the DB is
   * re-encrypted, attachment keys re-wrapped and the keyring rewritten for everyone who stays
   * (rekey.ts). Copies of the old keyring or old backups open only what they held then. Never
   * throws for a failed re-key: the administrator is told what is and is not in force.
   */
  async rekey(actor: string, reason: 'disable' | 'role' | 'manual', without: string[] = []): Promise<RekeyOutcome> {
    const v = this.requireVault();
    const run = (async (): Promise<RekeyOutcome> => {
      const newKey = this.randomBytes(32);
      const generation = v.keyring.generation + 1;
      try {
        v.keyring = await rekeyVault({
          db: v.services.db,
          paths: this.paths,
          keyring: v.keyring,
          secrets: v.secrets,
          oldKey: v.vaultKey,
          newKey,
          without,
          randomBytes: this.randomBytes,
          afterStep: this.afterRekeyStep,
        });
      } catch (err) {
        if (existsSync(this.paths.keyringNext)) {
          // The DB took the new key; only the keyring rename failed. The journal is the keyring now
          // (settled into place at the next sign-in), and the old key opens nothing new.
          v.keyring = Keyring.load(this.paths.keyringNext, { randomBytes: this.randomBytes });
        } else {
          newKey.fill(0);
          return this.rekeyFailed(v, actor, reason, err);
        }
      }
      v.vaultKey.fill(0);
      v.vaultKey = newKey;
      await v.services.audit.record({ actor, action: 'users.rekey', details: { reason, done: true, generation, without } });
      return {
        done: true,
        zh: '已更换库密钥：数据库已重新加密，附件密钥已重新封装。此前的密钥环副本不能打开此后的数据；旧备份仍只能由备份当时在册的用户打开。',
        en: 'The vault key is renewed: the database is re-encrypted and attachment keys re-wrapped. Earlier keyring copies cannot open data from now on; an old backup still opens only for the users it held.',
      };
    })();
    this.rekeying = run;
    try {
      return await run;
    } finally {
      this.rekeying = null;
    }
  }

  private async rekeyFailed(v: OpenVault, actor: string, reason: string, err: unknown): Promise<RekeyOutcome> {
    // SQLCipher may report a re-key that ran out of room as a lock error: the free space decides.
    const why = isDiskFull(err) || this.lacksRoomForDb() ? { zh: '磁盘空间不足', en: 'the disk is full' } : { zh: '写入失败', en: 'a write failed' };
    // A failed PRAGMA rekey can leave SQLCipher's connection unusable: open the file afresh (old key).
    try {
      await v.services.db.close().catch(() => undefined);
      const db = await Database.open(this.dbTarget(), v.vaultKey);
      v.secrets = await db.write((m) => loadVaultSecrets(m, this.randomBytes, v.vaultKey));
      v.services = createServices(db, v.secrets, this, v.signers);
    } catch {
      await this.closeVault();
    }
    await this.vault?.services.audit.record({ actor, action: 'users.rekey', details: { reason, done: false, why: why.en } }).catch(() => undefined);
    return {
      done: false,
      zh: `更换库密钥失败（${why.zh}）。停用和会话结束已生效，但旧密钥仍能打开数据库，包括旧的密钥环副本。请腾出空间后在“用户管理”中点“更换库密钥”。`,
      en: `Renewing the vault key failed (${why.en}). The change and the ended sessions are in force, but the old key still opens the database, old keyring copies included. Free space, then press "Renew vault key" under Users.`,
    };
  }

  /** Where this archive's tables are (SQLCipher file or PostgreSQL database): see db-target.ts. */
  dbTarget(): DbTarget {
    return storedTarget(this.paths);
  }

  private lacksRoomForDb(): boolean {
    if (this.dbTarget().engine === 'postgres') return false;
    try {
      const { bavail, bsize } = statfsSync(this.paths.dataDir);
      const size = DB_FILES(this.paths.db).reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
      return bavail * bsize < size;
    } catch {
      return false;
    }
  }

  private requireSetUp(): void {
    if (!this.isSetUp()) throw new AppError('NOT_SET_UP');
  }

  private checkThrottle(key: string): void {
    const wait = this.guard.waitMs(key, this.clock.now());
    if (wait > 0) {
      const secs = Math.ceil(wait / 1000);
      throw new AppError('THROTTLED', { ...ERR.auth.throttled(secs), retryAfterMs: wait });
    }
  }

  private async openVault(vaultKey: Buffer, keyring: Keyring): Promise<OpenVault> {
    if (this.vault) {
      if (!this.vault.vaultKey.equals(vaultKey)) throw new AppError('KEYRING_DAMAGED');
      return this.vault;
    }
    const target = this.dbTarget();
    if (target.engine === 'sqlcipher' && !existsSync(this.paths.db)) throw new AppError('DB_DAMAGED', ERR.auth.dbFileMissing);
    // Two sign-ins racing must not open the database twice.
    this.opening ??= (async () => {
      const db = await Database.open(target, vaultKey);
      const signers = new Signers(() => anchorsOf(keyring), keyring.systemKeys(vaultKey), this.now);
      const secrets = await db.write((m) => loadVaultSecrets(m, this.randomBytes, vaultKey));
      const services = createServices(db, secrets, this, signers);
      const { idleMinutes, timeZone } = await services.settings.get();
      // Migrations that ran on this open (the default tag palette) are audited now that the key is here.
      if (await services.audit.outboxPending()) await db.write((m) => services.audit.flushOutbox(m));
      // A destruction that committed but died before removing its ciphertext finishes here.
      await services.destruction.finishPending();
      const ids = await db.manager.find(AttachmentEntity, { select: ['id'] });
      this.leftovers = quarantineOrphans(this.paths, new Set(ids.map((r) => r.id)), this.leftovers);
      // The WAL and SHM exist only now; they take the database file's rights, checked here anyway.
      tightenDataFolder(this.paths.dataDir);
      return { vaultKey, keyring, services, secrets, signers, idleMinutes, timeZone };
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

  private async locksRecorded(): Promise<void> {
    while (this.recordingLocks.size) await Promise.allSettled([...this.recordingLocks]);
  }

  private async closeIfUnused(): Promise<void> {
    // An unlocked office server keeps the key for the clients still to come.
    if (this.office && !this.serverLocked) return;
    // Two idle sweeps (the timer's and a request's) lock sessions side by side: the first to finish
    // must not close the vault under the other's audit entry.
    await this.locksRecorded();
    const anyUnlocked = [...this.sessions.values()].some((s) => !s.locked);
    if (!anyUnlocked) await this.closeVault();
  }

  private async closeVault(): Promise<void> {
    const v = this.vault;
    this.vault = null;
    if (!v) return;
    v.signers.clear();
    await v.services.db.close();
    v.vaultKey.fill(0);
  }
}

function anchorsOf(k: Keyring): TrustAnchors {
  return { founderSignPublic: k.founder.signPublic, systemSignPublic: k.systemSignPublic, recoverySignPublic: k.recoverySignPublic };
}
