import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Database } from '../db/database';
import { AttachmentEntity } from '../db/entities/record.entity';
import { rekeyDatabase } from '../db/dialect';
import { open, seal, Sealed } from '../vault/envelope';
import { Keyring, type KeyringDeps, type Unlocked } from '../vault/keyring';
import { putAttachmentWrap, resealVaultSecrets, type VaultSecrets } from '../vault/vault-secrets';
import { rewrapScans } from '../services/loan-approval';
import { syncFolder } from './atomic-file';
import type { VaultPaths } from './paths';

/** The re-key's steps, in order; a fault hook (tests) may stop the process after any of them. */
export const REKEY_STEPS = ['journal', 'rewrapped', 'rekeyed', 'promoted'] as const;
export type RekeyStep = (typeof REKEY_STEPS)[number];

export interface RekeyInput {
  db: Database;
  paths: VaultPaths;
  keyring: Keyring;
  secrets: VaultSecrets;
  oldKey: Buffer;
  newKey: Buffer;
  /** People whose access ends: the new keyring has no seal for them. */
  without: string[];
  randomBytes: (n: number) => Buffer;
  afterStep?: (step: RekeyStep) => void | Promise<void>;
}

/**
 * A new vault key, in four steps, each of which either happened whole or not at all:
 *  1. journal — keyring.next.json: the new key sealed to everyone who stays (no password needed);
 *  2. rewrapped — one DB transaction: every attachment's (and approval scan's) file key re-wrapped under a new wrapping key;
 *  3. rekeyed — SQLCipher re-encrypts the DB file under the new key (one transaction) and folds the WAL;
 *  4. promoted — keyring.next.json renamed over keyring.json.
 * A crash before 3 leaves the old key in force (the journal is dropped at the next sign-in); a crash
 * after 3 leaves the new key in the DB and the journal holding it (promoted at the next sign-in).
 * On an error (a full disk) the journal is removed and the error goes to the caller to tell the truth.
 */
export async function rekeyVault(o: RekeyInput): Promise<Keyring> {
  const step = async (s: RekeyStep) => o.afterStep?.(s);
  const next = o.keyring.rekeyed(o.paths.keyringNext, o.oldKey, o.newKey, o.without);
  let dbRekeyed = false;
  try {
    next.save();
    await step('journal');
    const newWrap = o.randomBytes(32);
    await o.db.write(async (m) => {
      const rows = (await m.find(AttachmentEntity, { select: ['id', 'wrappedKey'] })).map((a) => ({ id: a.id, wrapped_key: a.wrappedKey }));
      for (const r of rows) {
        const fileKey = open(o.secrets.attachmentWrap, Sealed.parse(JSON.parse(r.wrapped_key)), `attachment:${r.id}`);
        const sealed = seal(newWrap, fileKey, `attachment:${r.id}`, o.randomBytes(12));
        fileKey.fill(0);
        await m.update(AttachmentEntity, { id: r.id }, { wrappedKey: JSON.stringify(sealed) });
      }
      // The scanned slips of paper loan approvals are sealed the same way (loan-approval.ts).
      await rewrapScans(m, o.secrets.attachmentWrap, newWrap, o.randomBytes);
      await putAttachmentWrap(m, newWrap, o.oldKey, o.randomBytes);
    });
    o.secrets.attachmentWrap = newWrap;
    await step('rewrapped');
    // SQLCipher re-encrypts its file; on PostgreSQL the vault key seals only the secrets (vault-secrets.ts).
    if (o.db.dialect.kind === 'postgres') await o.db.write((m) => resealVaultSecrets(m, o.secrets, o.newKey, o.randomBytes));
    else await o.db.exclusive(() => rekeyDatabase(o.db.ds, o.newKey));
    dbRekeyed = true;
    await step('rekeyed');
    renameSync(next.file, o.paths.keyring);
    syncFolder(o.paths.dataDir);
    await step('promoted');
  } catch (err) {
    // Before the DB took the new key, the old keyring is the truth; after, the journal is, and stays.
    if (!dbRekeyed) rmSync(o.paths.keyringNext, { force: true });
    throw err;
  }
  return Keyring.load(o.paths.keyring, { randomBytes: o.randomBytes });
}

/**
 * At sign-in, finishes or drops a re-key a crash interrupted: whichever keyring's key opens the DB
 * is the truth. `tryUnlock` opens a keyring with the person's password (null when it does not).
 */
export async function settleRekey(
  paths: VaultPaths,
  deps: KeyringDeps,
  tryUnlock: (k: Keyring) => Promise<Unlocked | null>,
  keyOpens: (key: Buffer) => Promise<boolean>,
): Promise<void> {
  if (!existsSync(paths.keyringNext)) return;
  let next: Keyring | null = null;
  try {
    next = Keyring.load(paths.keyringNext, deps);
  } catch {
    // A journal that cannot be read was never complete: the DB was not re-keyed before it was.
  }
  const opened = next ? await tryUnlock(next) : null;
  if (opened && (await keyOpens(opened.vaultKey))) {
    renameSync(paths.keyringNext, paths.keyring);
    syncFolder(paths.dataDir);
    return;
  }
  const current = await tryUnlock(Keyring.load(paths.keyring, deps));
  if (current && (await keyOpens(current.vaultKey))) rmSync(paths.keyringNext, { force: true });
  // Otherwise this person cannot tell (they are in neither keyring): leave it for someone who can.
}
