import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APPROVAL_SCAN_MAX_BYTES, APPROVAL_SCAN_TYPES, type ApprovalInput } from '../../shared/contract/lending.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { isAllowed } from '../../shared/permissions';
import type { Role } from '../../shared/roles';
import type { UserRecord } from '../db/entities/user.entity';
import { LoanApprovalScanEntity, type LoanApprovalScanRecord } from '../db/entities/lending.entity';
import { open, seal, Sealed } from '../vault/envelope';
import type { VaultSecrets } from '../vault/vault-secrets';
import { checkFileName } from './attachments.service';
import type { AuditService } from './audit.service';
import { auditRefusals } from './refusals';
import type { Actor } from './actor';

const aad = (id: string) => `loan-approval-scan:${id}`;
const keyAad = (id: string) => `loan-approval-scan-key:${id}`;

/** Checks a password at the desk without signing anyone in: ArchiveCore.verifyPassword. */
export type VerifyApprover = (username: string, password: string) => Promise<UserRecord>;

/** The scan of a paper approval slip, checked: PDF, JPG or PNG, not empty, at most 10 MB. */
export function scanBytes(scan: { fileName: string; mime: string; dataBase64: string }): { fileName: string; mime: string; data: Buffer } {
  const { ext, mime } = checkFileName(scan.fileName, scan.mime);
  if (!(ext in APPROVAL_SCAN_TYPES)) throw new AppError('VALIDATION', ERR.lending.scanType);
  const data = Buffer.from(scan.dataBase64, 'base64');
  if (!data.length) throw new AppError('VALIDATION', ERR.lending.scanEmpty);
  if (data.length > APPROVAL_SCAN_MAX_BYTES) throw new AppError('VALIDATION', ERR.lending.scanTooBig);
  return { fileName: scan.fileName, mime, data };
}

/**
 * Seals a scan the way an attachment is sealed: a random key for this file (AES-256-GCM), that key
 * wrapped by the vault's attachment wrapping key, and the plaintext's SHA-256 kept for fixity.
 */
export function sealScan(
  wrap: Buffer,
  file: { fileName: string; mime: string; data: Buffer },
  row: { id: string; slipNo: string; createdAt: string; createdBy: string },
  randomBytes: (n: number) => Buffer,
): LoanApprovalScanRecord {
  const fileKey = randomBytes(32);
  try {
    return {
      ...row,
      fileName: file.fileName,
      mime: file.mime,
      size: file.data.length,
      sha256: createHash('sha256').update(file.data).digest('hex'),
      wrappedKey: JSON.stringify(seal(wrap, fileKey, keyAad(row.id), randomBytes(12))),
      sealedData: JSON.stringify(seal(fileKey, file.data, aad(row.id), randomBytes(12))),
    };
  } finally {
    fileKey.fill(0);
  }
}

/** Opens a sealed scan; throws if any byte, the key or the row's id was changed. */
export function openScan(wrap: Buffer, row: LoanApprovalScanRecord): Buffer {
  const fileKey = open(wrap, Sealed.parse(JSON.parse(row.wrappedKey)), keyAad(row.id));
  try {
    return open(fileKey, Sealed.parse(JSON.parse(row.sealedData)), aad(row.id));
  } finally {
    fileKey.fill(0);
  }
}

/** For a re-key: every scan's file key re-wrapped under the new wrapping key, in the caller's transaction. */
export async function rewrapScans(m: EntityManager, oldWrap: Buffer, newWrap: Buffer, randomBytes: (n: number) => Buffer): Promise<void> {
  const rows = await m.find(LoanApprovalScanEntity, { select: ['id', 'wrappedKey'] });
  for (const r of rows) {
    const fileKey = open(oldWrap, Sealed.parse(JSON.parse(r.wrappedKey)), keyAad(r.id));
    const sealed = seal(newWrap, fileKey, keyAad(r.id), randomBytes(12));
    fileKey.fill(0);
    await m.update(LoanApprovalScanEntity, { id: r.id }, { wrappedKey: JSON.stringify(sealed) });
  }
}

export interface ResolvedApproval {
  approver: { userId: string; name: string; username?: string; mode: 'confirmed' | 'paper' };
  scan: { fileName: string; mime: string; data: Buffer } | null;
}

/**
 * Who approves, before anything is written. `confirmed`: the approver's password is checked at the
 * desk (verify = ArchiveCore.verifyPassword: argon2id as at sign-in, the same throttle, failures
 * counted and audited as auth.confirm.failed), then their standing: the right to approve, and a
 * password of their own (not a temporary one an administrator set). Every refusal is audited as
 * `loan.approve.refused` by the keeper, naming the approver and the records, never the password.
 * `paper`: the scan is checked (type, size); the name is taken as written on the slip.
 */
export async function resolveApproval(
  audit: AuditService,
  actor: Actor,
  recordIds: string[],
  a: ApprovalInput,
  verify: VerifyApprover,
): Promise<ResolvedApproval> {
  let approver: { userId: string; name: string; username?: string; mode: 'confirmed' | 'paper' };
  let scan: { fileName: string; mime: string; data: Buffer } | null = null;
  if (a.mode === 'confirmed') {
    const user = await auditRefusals(
      audit,
      {
        actor: actor.username,
        action: 'loan.approve.refused',
        subject: () => null,
        // Never the password: who was named as approver, for which records.
        details: () => ({ approver: a.username, records: recordIds }),
      },
      async () => {
        const u = await verify(a.username, a.password);
        // A temporary password was set by an administrator, who therefore knows it: it cannot
        // stand for the approver's own confirmation until the approver has changed it.
        if (u.mustChangePassword) {
          throw new AppError('MUST_CHANGE_PASSWORD', ERR.lending.approverTemporaryPassword(u.displayName));
        }
        if (!isAllowed(u.role as Role, 'lending.approve')) {
          throw new AppError('FORBIDDEN', ERR.lending.approverNotAllowed(u.displayName, u.username));
        }
        return u;
      },
    );
    approver = { userId: user.id, name: user.displayName, username: user.username, mode: 'confirmed' };
  } else {
    scan = scanBytes(a.scan);
    approver = { userId: '', name: a.approverName, mode: 'paper' };
  }
  return { approver, scan };
}

export type ScanSecrets = Pick<VaultSecrets, 'attachmentWrap'>;
