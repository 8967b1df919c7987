import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { findUsername } from '../../shared/domain/username';
import { AppError } from '../../shared/errors';
import { writeFileAtomic } from '../core/atomic-file';
import { open, seal, Sealed } from './envelope';
import { deriveKek, KdfParams, newKdfParams } from './kdf';
import { recoveryKek } from './recovery-key';

const PasswordEntry = z.object({
  kind: z.literal('password'),
  userId: z.string(),
  username: z.string(),
  kdf: KdfParams,
  wrapped: Sealed,
});
const RecoveryEntry = z.object({ kind: z.literal('recovery'), wrapped: Sealed });
const KeyringFile = z.object({
  format: z.literal('archive-room-keyring'),
  version: z.literal(1),
  vaultId: z.string(),
  createdAt: z.string(),
  entries: z.array(z.discriminatedUnion('kind', [PasswordEntry, RecoveryEntry])),
});
type KeyringFile = z.infer<typeof KeyringFile>;
type PasswordEntry = z.infer<typeof PasswordEntry>;

export interface KeyringDeps {
  randomBytes: (n: number) => Buffer;
}

/**
 * The keyring beside the DB: the vault key wrapped once per user password (argon2id KEK) and
 * once by the recovery key. It holds no roles and no resident data; roles live in the DB.
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

  static create(path: string, vaultId: string, now: string, deps: KeyringDeps): Keyring {
    return new Keyring(path, { format: 'archive-room-keyring', version: 1, vaultId, createdAt: now, entries: [] }, deps);
  }

  static load(path: string, deps: KeyringDeps): Keyring {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new AppError('KEYRING_DAMAGED');
    }
    const r = KeyringFile.safeParse(parsed);
    if (!r.success) throw new AppError('KEYRING_DAMAGED');
    return new Keyring(path, r.data, deps);
  }

  get vaultId(): string {
    return this.data.vaultId;
  }

  save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.data, null, 1));
  }

  hasUser(username: string): boolean {
    return this.findUser(username) !== undefined;
  }

  /** Wrong password and a damaged entry look the same to the caller: both fail authentication. */
  async unlockWithPassword(username: string, password: string): Promise<{ vaultKey: Buffer; userId: string } | null> {
    const e = this.findUser(username);
    if (!e) {
      // Spend the same time as a real attempt, so timing does not reveal which names exist.
      await deriveKek(password, newKdfParams(this.deps.randomBytes));
      return null;
    }
    const kek = await deriveKek(password, e.kdf);
    try {
      return { vaultKey: open(kek, e.wrapped, this.aad('password', e.userId)), userId: e.userId };
    } catch {
      return null;
    }
  }

  unlockWithRecovery(rawRecoveryKey: Buffer): Buffer | null {
    const e = this.data.entries.find((x) => x.kind === 'recovery');
    if (!e) return null;
    try {
      return open(recoveryKek(rawRecoveryKey), e.wrapped, this.aad('recovery', ''));
    } catch {
      return null;
    }
  }

  async setPassword(userId: string, username: string, password: string, vaultKey: Buffer): Promise<void> {
    const kdf = newKdfParams(this.deps.randomBytes);
    const kek = await deriveKek(password, kdf);
    const wrapped = seal(kek, vaultKey, this.aad('password', userId), this.deps.randomBytes(12));
    this.data.entries = this.data.entries.filter((x) => !(x.kind === 'password' && x.userId === userId));
    this.data.entries.push({ kind: 'password', userId, username, kdf, wrapped });
  }

  setRecovery(rawRecoveryKey: Buffer, vaultKey: Buffer): void {
    const wrapped = seal(recoveryKek(rawRecoveryKey), vaultKey, this.aad('recovery', ''), this.deps.randomBytes(12));
    this.data.entries = this.data.entries.filter((x) => x.kind !== 'recovery');
    this.data.entries.push({ kind: 'recovery', wrapped });
  }

  removeUser(userId: string): void {
    this.data.entries = this.data.entries.filter((x) => !(x.kind === 'password' && x.userId === userId));
  }

  // Names compare folded ("Admin" is "admin"); entries written before folding keep their exact match.
  private findUser(username: string): PasswordEntry | undefined {
    return findUsername(username, this.data.entries.filter((x): x is PasswordEntry => x.kind === 'password'), (e) => e.username);
  }

  // Binds each wrapped key to this vault and user, so entries cannot be swapped between them.
  private aad(kind: string, userId: string): string {
    return `archive-room-keyring|${this.data.vaultId}|${kind}|${userId}`;
  }
}
