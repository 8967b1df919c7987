import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { findUsername } from '../../shared/domain/username';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { writeFileAtomic } from '../core/atomic-file';
import { open, seal, Sealed, subKey } from './envelope';
import { deriveKek, KdfParams, meetsFloor, newKdfParams } from './kdf';
import { Box, exportSecrets, importSecrets, keysFromSeed, newUserKeys, openBox, sealTo, type UserKeys } from './user-keys';

const UserEntry = z.object({
  userId: z.string(),
  username: z.string(),
  kdf: KdfParams,
  /** The user's private keys, sealed by their password-derived key and nothing else. */
  secrets: Sealed,
  signPublic: z.string(),
  boxPublic: z.string(),
  /** The vault key, sealed to boxPublic: a re-key renews it without the password. */
  vaultKey: Box,
});
const KeyringFile = z.object({
  format: z.literal('archive-room-keyring'),
  version: z.literal(2),
  vaultId: z.string(),
  createdAt: z.string(),
  /** Counts re-keys: each one seals a new vault key to everyone still here. */
  generation: z.number().int().min(1),
  founder: z.object({ userId: z.string(), signPublic: z.string() }),
  /** Signs entries no person writes (failed sign-ins); sealed by the vault key, so its use is limited by verify. */
  system: z.object({ signPublic: z.string(), secrets: Sealed }),
  recovery: z.object({ signPublic: z.string(), boxPublic: z.string(), vaultKey: Box }),
  users: z.array(UserEntry),
});
type KeyringFile = z.infer<typeof KeyringFile>;
type UserEntry = z.infer<typeof UserEntry>;

export interface KeyringDeps {
  randomBytes: (n: number) => Buffer;
}

export interface Unlocked {
  vaultKey: Buffer;
  userId: string;
  keys: UserKeys;
}

/**
 * The keyring beside the DB (keyring.json): per person, their key pairs sealed by their password
 * and the vault key sealed to their public key; the recovery key's pairs; the system signing key.
 * It holds no roles and no resident data; roles live in the DB, granted by signed audit entries.
 */
export class Keyring {
  private constructor(
    private readonly path: string,
    private data: KeyringFile,
    private readonly deps: KeyringDeps,
  ) {}

  static exists(path: string): boolean {
    return existsSync(path);
  }

  /** A new archive's keyring: the founder's keys, the recovery key's and the system key, all for `vaultKey`. */
  static create(
    path: string,
    o: { vaultId: string; now: string; vaultKey: Buffer; founderId: string; founder: UserKeys; recoveryRaw: Buffer },
    deps: KeyringDeps,
  ): Keyring {
    const system = newUserKeys();
    const recovery = keysFromSeed(o.recoveryRaw);
    const k = new Keyring(
      path,
      {
        format: 'archive-room-keyring',
        version: 2,
        vaultId: o.vaultId,
        createdAt: o.now,
        generation: 1,
        founder: { userId: o.founderId, signPublic: o.founder.signPublic },
        system: { signPublic: system.signPublic, secrets: { iv: '', ct: '', tag: '' } },
        recovery: { signPublic: recovery.signPublic, boxPublic: recovery.boxPublic, vaultKey: { epk: '', iv: '', ct: '', tag: '' } },
        users: [],
      },
      deps,
    );
    k.sealForVault(o.vaultKey, system, recovery);
    return k;
  }

  static load(path: string, deps: KeyringDeps): Keyring {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new AppError('KEYRING_DAMAGED');
    }
    if ((parsed as { version?: unknown } | null)?.version === 1) {
      throw new AppError('KEYRING_DAMAGED', ERR.storage.keyringV1);
    }
    const r = KeyringFile.safeParse(parsed);
    if (!r.success) throw new AppError('KEYRING_DAMAGED');
    // Keys wrapped with test parameters (see kdf.ts) never open outside a test run.
    if (!r.data.users.every((u) => meetsFloor(u.kdf))) throw new AppError('KEYRING_WEAK_KDF');
    return new Keyring(path, r.data, deps);
  }

  get vaultId(): string {
    return this.data.vaultId;
  }
  get generation(): number {
    return this.data.generation;
  }
  get founder(): { userId: string; signPublic: string } {
    return this.data.founder;
  }
  get recoverySignPublic(): string {
    return this.data.recovery.signPublic;
  }
  get systemSignPublic(): string {
    return this.data.system.signPublic;
  }
  get file(): string {
    return this.path;
  }

  save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.data, null, 1));
  }

  /** The same content under another name: the re-key journal writes the next keyring beside this one. */
  saveAs(path: string): Keyring {
    const k = new Keyring(path, this.data, this.deps);
    k.save();
    return k;
  }

  hasUser(username: string): boolean {
    return this.findUser(username) !== undefined;
  }

  userIds(): string[] {
    return this.data.users.map((u) => u.userId);
  }

  signPublicOf(userId: string): string | null {
    return this.data.users.find((u) => u.userId === userId)?.signPublic ?? null;
  }

  /** Wrong password and a damaged entry look the same to the caller: both fail authentication. */
  async unlockWithPassword(username: string, password: string): Promise<Unlocked | null> {
    const e = this.findUser(username);
    if (!e) {
      // Spend the same time as a real attempt, so timing does not reveal which names exist.
      await deriveKek(password, newKdfParams(this.deps.randomBytes));
      return null;
    }
    const kek = await deriveKek(password, e.kdf);
    try {
      const keys = importSecrets(open(kek, e.secrets, this.aad('secrets', e.userId)));
      return { vaultKey: openBox(keys, e.vaultKey, this.aad('vault', e.userId)), userId: e.userId, keys };
    } catch {
      return null;
    } finally {
      kek.fill(0);
    }
  }

  unlockWithRecovery(rawRecoveryKey: Buffer): { vaultKey: Buffer; keys: UserKeys } | null {
    const keys = keysFromSeed(rawRecoveryKey);
    if (keys.signPublic !== this.data.recovery.signPublic) return null;
    try {
      return { vaultKey: openBox(keys, this.data.recovery.vaultKey, this.aad('vault', 'recovery')), keys };
    } catch {
      return null;
    }
  }

  /** The system key, opened with the vault key. */
  systemKeys(vaultKey: Buffer): UserKeys {
    try {
      return importSecrets(open(subKey(vaultKey, 'system-sign'), this.data.system.secrets, this.aad('system', '')));
    } catch {
      throw new AppError('KEYRING_DAMAGED');
    }
  }

  /** Sets (or replaces) a person's password and keys; the vault key is sealed to their new public key. */
  async setUser(userId: string, username: string, password: string, keys: UserKeys, vaultKey: Buffer): Promise<void> {
    const kdf = newKdfParams(this.deps.randomBytes);
    const kek = await deriveKek(password, kdf);
    const entry: UserEntry = {
      userId,
      username,
      kdf,
      secrets: seal(kek, exportSecrets(keys), this.aad('secrets', userId), this.deps.randomBytes(12)),
      signPublic: keys.signPublic,
      boxPublic: keys.boxPublic,
      vaultKey: sealTo(keys.boxPublic, vaultKey, this.aad('vault', userId), this.deps.randomBytes),
    };
    kek.fill(0);
    this.data.users = [...this.data.users.filter((x) => x.userId !== userId), entry];
  }

  removeUser(userId: string): void {
    this.data.users = this.data.users.filter((x) => x.userId !== userId);
  }

  /**
   * The keyring for a new vault key: the same people (less `without`) and the same public keys,
   * every seal renewed; nobody's password is needed. Returned unsaved, under `path`.
   */
  rekeyed(path: string, oldVaultKey: Buffer, newVaultKey: Buffer, without: string[]): Keyring {
    const system = this.systemKeys(oldVaultKey);
    const next = new Keyring(path, structuredClone(this.data), this.deps);
    next.data.generation += 1;
    next.data.users = next.data.users
      .filter((u) => !without.includes(u.userId))
      .map((u) => ({ ...u, vaultKey: sealTo(u.boxPublic, newVaultKey, this.aad('vault', u.userId), this.deps.randomBytes) }));
    next.sealForVault(newVaultKey, system, null);
    return next;
  }

  private sealForVault(vaultKey: Buffer, system: UserKeys, recovery: UserKeys | null): void {
    this.data.system.secrets = seal(subKey(vaultKey, 'system-sign'), exportSecrets(system), this.aad('system', ''), this.deps.randomBytes(12));
    this.data.recovery.vaultKey = sealTo(recovery?.boxPublic ?? this.data.recovery.boxPublic, vaultKey, this.aad('vault', 'recovery'), this.deps.randomBytes);
  }

  // Names compare folded ("Admin" is "admin"); entries written before folding keep their exact match.
  private findUser(username: string): UserEntry | undefined {
    return findUsername(username, this.data.users, (e) => e.username);
  }

  // Binds each sealed value to this vault, purpose and person, so entries cannot be swapped between them.
  private aad(kind: string, userId: string): string {
    return `archive-room-keyring|${this.data.vaultId}|${kind}|${userId}`;
  }
}
