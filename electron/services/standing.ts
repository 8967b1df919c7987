import type { EntityManager } from 'typeorm';
import type { AuditEntryRecord } from '../db/entities/audit-entry.entity';
import type { UserRecord } from '../db/entities/user.entity';
import { keyId, signingPublicKey, verifyText } from '../vault/user-keys';
import { auditSignBody, Grant, type TrustAnchors } from './audit-grants';
import { auditRows } from './audit-query';

const MAX_DEPTH = 64;

/**
 * At sign-in: does this person's standing in the users table rest on signed grants? Their newest
 * grant must give exactly their role, state and key, and be signed by someone whose own grant
 * (followed back, grant by grant) reaches the founding administrator. A role written into the
 * database behind the app's back has no such grant, so it opens nothing. (The full check of every
 * entry is `verify`; this one reads a handful of rows.)
 */
export async function standingHolds(m: EntityManager, anchors: TrustAnchors, user: UserRecord, signPublic: string): Promise<boolean> {
  const newest = await latestGrantOf(m, user.id);
  if (!newest) return false;
  const g = grantOf(newest);
  if (!g || g.role !== user.role || g.active !== user.active || g.username !== user.username || g.signPublic !== signPublic) return false;
  return grantChainHolds(m, anchors, newest, 0);
}

/** The newest signed grant of a person (their current key and role), or null. */
export async function latestGrantOf(m: EntityManager, userId: string): Promise<AuditEntryRecord | null> {
  const row = await auditRows(m)
    .where('a.subject = :subject AND a.grantKey IS NOT NULL', { subject: `user:${userId}` })
    .orderBy('a.seq', 'DESC')
    .limit(1)
    .getRawOne<AuditEntryRecord>();
  return row ?? null;
}

export function grantOf(r: AuditEntryRecord): Grant | null {
  try {
    const g = Grant.safeParse((JSON.parse(r.details) as { grant?: unknown }).grant);
    return g.success && r.grantKey === keyId(g.data.signPublic) ? g.data : null;
  } catch {
    return null;
  }
}

async function grantChainHolds(m: EntityManager, anchors: TrustAnchors, e: AuditEntryRecord, depth: number): Promise<boolean> {
  if (depth > MAX_DEPTH || !e.signer || !e.sig) return false;
  const g = grantOf(e);
  if (!g) return false;
  if (e.action === 'vault.created') {
    return (
      e.seq === 1 &&
      g.role === 'admin' &&
      g.signPublic === anchors.founderSignPublic &&
      e.signer === e.grantKey &&
      verifyText(signingPublicKey(g.signPublic), auditSignBody(e), e.sig)
    );
  }
  if (e.action === 'auth.recover') {
    return e.signer === keyId(anchors.recoverySignPublic) && verifyText(signingPublicKey(anchors.recoverySignPublic), auditSignBody(e), e.sig);
  }
  // The grant that gave the signer their key, before this entry.
  const source = await auditRows(m)
    .where('a.grantKey = :signer AND a.seq < :seq', { signer: e.signer, seq: e.seq })
    .orderBy('a.seq', 'DESC')
    .limit(1)
    .getRawOne<AuditEntryRecord>();
  const sg = source ? grantOf(source) : null;
  if (!source || !sg || !sg.active || !verifyText(signingPublicKey(sg.signPublic), auditSignBody(e), e.sig)) return false;
  const allowed = e.action === 'auth.changePassword' ? sg.userId === g.userId : sg.role === 'admin';
  return allowed && grantChainHolds(m, anchors, source, depth + 1);
}
