import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ROLES } from '../../shared/roles';
import type { AuditEntryRecord } from '../db/entities/audit-entry.entity';
import { keyId, signingPublicKey, verifyText } from '../vault/user-keys';

/** A person's standing as a signed entry grants it: the whole new state, never a difference. */
export const Grant = z.object({
  userId: z.string(),
  username: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  signPublic: z.string(),
});
export type Grant = z.infer<typeof Grant>;

/** Entries no person writes: signed by the system key, and only these may be. */
export const SYSTEM_ACTIONS = new Set([
  'auth.signIn.failed',
  'auth.recover.failed',
  'auth.confirm.failed',
  'auth.standing.refused',
  'tag.seedDefaults',
  'tag.discreetDefaults',
  'category.seedDefaults',
]);
/** Entries that change who may sign or what they may do; each carries a Grant. */
export const GRANT_ACTIONS = new Set([
  'vault.created',
  'users.create',
  'users.setActive',
  'users.setRole',
  'users.resetPassword',
  'auth.changePassword',
  'auth.recover',
]);
const ADMIN_GRANTS = new Set(['users.create', 'users.setActive', 'users.setRole', 'users.resetPassword']);

/** The bytes an entry's signature covers: everything the HMAC covers, plus who signed and what it grants. */
export function auditSignBody(r: AuditEntryRecord): string {
  return JSON.stringify(['archive-room-audit/v1', r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prevHash, r.signer, r.grantKey]);
}

export function headBody(signer: string, seq: number, hash: string): string {
  return JSON.stringify(['archive-room-audit-head/v1', signer, seq, hash]);
}

export interface TrustAnchors {
  founderSignPublic: string;
  systemSignPublic: string;
  recoverySignPublic: string;
}

export type GrantProblem = { problem: 'forged' | 'unauthorised'; why: { zh: string; en: string } };

interface Holder {
  grant: Grant;
  key: KeyObject;
}

/**
 * Replays the trail's grants in order: who holds which key, with what role. An entry is sound when
 * its signature verifies under a key that may write it: a person's current key while they are
 * active (their own entries), an administrator's for grants, the recovery key for a recovery, the
 * system key only for SYSTEM_ACTIONS. The founding entry is self-signed by the anchored founder key.
 */
export class GrantState {
  private readonly byKey = new Map<string, Holder>();
  private readonly byUser = new Map<string, Grant>();
  /** Every key ever granted, retired ones too: an old head or checkpoint stays checkable. */
  private readonly ever = new Map<string, Holder>();
  private readonly systemId: string;
  private readonly recoveryId: string;
  private readonly systemKey: KeyObject;
  private readonly recoveryKey: KeyObject;

  constructor(private readonly anchors: TrustAnchors) {
    this.systemId = keyId(anchors.systemSignPublic);
    this.recoveryId = keyId(anchors.recoverySignPublic);
    this.systemKey = signingPublicKey(anchors.systemSignPublic);
    this.recoveryKey = signingPublicKey(anchors.recoverySignPublic);
  }

  /**
   * Checks one entry (already known to be in its chain position) and applies what it grants.
   * `sigOk`: the signature already checked elsewhere (a worker thread) against the key its signer
   * id names; a key id names one key forever, so only who may use it depends on the order here.
   */
  apply(r: AuditEntryRecord, sigOk?: boolean): GrantProblem | null {
    const sigHolds = (key: KeyObject) => sigOk ?? verifyText(key, auditSignBody(r), r.sig!);
    if (!r.signer || !r.sig) return bad('forged', '没有签名', 'it carries no signature');
    const grant = GRANT_ACTIONS.has(r.action) ? parseGrant(r) : null;
    if (GRANT_ACTIONS.has(r.action) !== (r.grantKey != null) || (grant && keyId(grant.signPublic) !== r.grantKey)) {
      return bad('forged', '授权内容与记录不符', 'its grant does not match the entry');
    }
    if (r.action === 'vault.created') {
      if (r.seq !== 1 || !grant || grant.signPublic !== this.anchors.founderSignPublic || r.signer !== r.grantKey || grant.role !== 'admin') {
        return bad('unauthorised', '建库记录不是创始管理员自签', 'the founding entry is not self-signed by the founding administrator');
      }
      if (!sigHolds(signingPublicKey(grant.signPublic))) return bad('forged', '签名不符', 'the signature does not verify');
      this.put(grant);
      return null;
    }
    let key: KeyObject;
    let holder: Holder | undefined;
    if (r.signer === this.systemId) {
      if (!SYSTEM_ACTIONS.has(r.action)) return bad('unauthorised', `系统密钥不能签“${r.action}”`, `the system key may not sign "${r.action}"`);
      key = this.systemKey;
    } else if (r.signer === this.recoveryId) {
      if (r.action !== 'auth.recover') return bad('unauthorised', `恢复密钥不能签“${r.action}”`, `the recovery key may not sign "${r.action}"`);
      key = this.recoveryKey;
    } else {
      holder = this.byKey.get(r.signer);
      if (!holder) return bad('unauthorised', '签名密钥不属于任何在册用户', 'the signing key belongs to nobody on the register');
      if (!holder.grant.active)
        return bad('unauthorised', `已停用的用户“${holder.grant.username}”仍在签名`, `disabled user "${holder.grant.username}" still signs`);
      if (holder.grant.username !== r.actor)
        return bad(
          'forged',
          `记录写的是“${r.actor}”，签名的却是“${holder.grant.username}”`,
          `the entry names "${r.actor}" but "${holder.grant.username}" signed it`,
        );
      key = holder.key;
    }
    if (!sigHolds(key)) return bad('forged', '签名不符', 'the signature does not verify');
    if (!grant) return null;
    const before = this.byUser.get(grant.userId);
    if (ADMIN_GRANTS.has(r.action)) {
      if (holder?.grant.role !== 'admin') return bad('unauthorised', '授权记录不是由管理员签发', 'a grant not signed by an administrator');
      if (r.action === 'users.create' ? before !== undefined : before === undefined)
        return bad('unauthorised', '授权对象不符', 'the grant names the wrong person');
    } else {
      // A person's own password change, or a recovery: a new key, nothing else changes.
      const own = r.action === 'auth.changePassword' ? holder?.grant.userId === grant.userId : r.signer === this.recoveryId;
      if (!own || !before || before.role !== grant.role || !grant.active || before.username !== grant.username) {
        return bad('unauthorised', '换钥记录改变了角色或不是本人签发', 'a key change that alters the role or is not signed by its owner');
      }
    }
    this.put(grant);
    return null;
  }

  /** The public key entries by `signer` are checked with (heads and checkpoints use it too). */
  keyOf(signer: string): { key: KeyObject; grant: Grant | null } | null {
    if (signer === this.systemId) return { key: this.systemKey, grant: null };
    const h = this.byKey.get(signer);
    return h ? { key: h.key, grant: h.grant } : null;
  }

  /** Any key ever granted, with the standing it was granted with. */
  everKeyOf(signer: string): Holder | null {
    return this.ever.get(signer) ?? null;
  }

  /** Every person key ever granted (retired ones too). */
  everKeyIds(): string[] {
    return [...this.ever.keys()];
  }

  isPersonKey(signer: string): boolean {
    return signer !== this.systemId && signer !== this.recoveryId;
  }

  users(): Map<string, Grant> {
    return this.byUser;
  }

  private put(g: Grant): void {
    const old = this.byUser.get(g.userId);
    if (old) this.byKey.delete(keyId(old.signPublic));
    this.byUser.set(g.userId, g);
    const h = { grant: g, key: signingPublicKey(g.signPublic) };
    this.byKey.set(keyId(g.signPublic), h);
    this.ever.set(keyId(g.signPublic), h);
  }
}

function parseGrant(r: AuditEntryRecord): Grant | null {
  try {
    const g = Grant.safeParse((JSON.parse(r.details) as { grant?: unknown }).grant);
    return g.success && r.subject === `user:${g.data.userId}` ? g.data : null;
  } catch {
    return null;
  }
}

function bad(problem: GrantProblem['problem'], zh: string, en: string): GrantProblem {
  return { problem, why: { zh: `${zh}。`, en: `${en}.` } };
}
