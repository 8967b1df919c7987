import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../electron/db/database';
import type { AuditEntryRecord } from '../../electron/db/entities/audit-entry.entity';
import { auditSignBody, headBody } from '../../electron/services/audit-grants';
import { auditMac } from '../../electron/services/audit.service';
import { Keyring } from '../../electron/vault/keyring';
import { loadVaultSecrets } from '../../electron/vault/vault-secrets';
import { keyId, signText, type UserKeys } from '../../electron/vault/user-keys';
import { storedTarget } from '../../electron/core/db-target';
import { dropAppendOnly } from '../helpers/raw-archive';
import { ADMIN, copyArchive, PASSWORD, TestVault } from '../helpers/vault-fixture';

/**
 * The hostile insider of issue #14: a clerk with a valid password and a copy of the data folder
 * works on the files with the project's own code while the app is closed. Each attack must show
 * in `verify` (naming the entry) or be refused at sign-in.
 */
const COLS = 'seq, at, actor, action, subject, details, prev_hash AS prevHash, hmac, signer, sig, grant_key AS grantKey';
type R = { ok: boolean; error?: { code: string; en: string } };

interface Offline {
  db: Database;
  hmacKey: Buffer;
  clerk: UserKeys;
  system: UserKeys;
  rows: () => Promise<AuditEntryRecord[]>;
}

/** What the clerk holds offline: the vault key (their password opens it), their own keys, the system key. */
async function openAsClerk(v: TestVault, clerk: string): Promise<Offline> {
  const ring = Keyring.load(v.core.paths.keyring, { randomBytes });
  const opened = await ring.unlockWithPassword(clerk, PASSWORD);
  if (!opened) throw new Error('clerk password should open the keyring');
  const db = await Database.open(storedTarget(v.core.paths), opened.vaultKey);
  // The HMAC key as the archive keeps it (sealed under the vault key on PostgreSQL): the clerk's vault key opens it.
  const { auditHmac } = await loadVaultSecrets(db.manager, randomBytes, opened.vaultKey);
  // The triggers refuse UPDATE/DELETE inside the app; offline, the attacker simply drops them.
  await dropAppendOnly(db.manager);
  return {
    db,
    hmacKey: auditHmac,
    clerk: opened.keys,
    system: ring.systemKeys(opened.vaultKey),
    rows: () => db.manager.query(`SELECT ${COLS} FROM audit_log ORDER BY seq`),
  };
}

/** Renumbers and re-MACs the whole chain, re-signing every entry the attacker holds a key for. */
async function rewriteChain(o: Offline, rows: AuditEntryRecord[]): Promise<void> {
  const mine = new Map([
    [keyId(o.clerk.signPublic), o.clerk],
    [keyId(o.system.signPublic), o.system],
  ]);
  await o.db.manager.query('DELETE FROM audit_log');
  let prev = '0'.repeat(64);
  let seq = 0;
  for (const r of rows) {
    const row = { ...r, seq: ++seq, prevHash: prev };
    const k = row.signer ? mine.get(row.signer) : undefined;
    if (k) row.sig = signText(k.sign, auditSignBody(row));
    row.hmac = auditMac(o.hmacKey, row);
    await o.db.manager.query(
      'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hmac, signer, sig, grant_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      [row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prevHash, row.hmac, row.signer, row.sig, row.grantKey],
    );
    if (k && row.signer === keyId(o.clerk.signPublic)) {
      await o.db.manager.query('DELETE FROM audit_heads WHERE signer = ?', [row.signer]);
      await o.db.manager.query('INSERT INTO audit_heads (signer, seq, hash, sig) VALUES (?,?,?,?)', [
        row.signer,
        row.seq,
        row.hmac,
        signText(k.sign, headBody(row.signer, row.seq, row.hmac)),
      ]);
    }
    prev = row.hmac;
  }
}

describe('signed audit: what a valid clerk password cannot do offline', () => {
  let v: TestVault;
  let clerk: string;
  // The archive every attack starts from, made once; each test works on its own copy of it.
  const template = new TestVault();

  beforeAll(async () => {
    await template.setup();
    clerk = await template.userWithRole('clerk');
    await template.ok('admin', 'structure.saveGrid', { name: '第二网格', code: 'G2' });
    await template.ok('clerk', 'auth.signOut');
    await template.ok('admin', 'auth.signOut');
    await template.close();
  });
  afterAll(() => template.destroy());
  beforeEach(() => {
    v = new TestVault(copyArchive(template.dataDir));
  });
  afterEach(() => v.destroy());

  const verifyAsAdmin = async () => {
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    return v.core.services.audit.verify();
  };

  it('the untouched trail verifies, every entry signed, every signer with a head', async () => {
    const r = await verifyAsAdmin();
    expect(r).toMatchObject({ ok: true, problem: null });
    const unsigned = await v.core.services.db.manager.query('SELECT count(*) AS n FROM audit_log WHERE sig IS NULL OR signer IS NULL');
    expect(Number(unsigned[0].n)).toBe(0);
  });

  it('deleting own entries and re-computing the HMAC chain: the first entry they cannot re-sign no longer verifies', async () => {
    const o = await openAsClerk(v, clerk);
    const rows = await o.rows();
    // Their sign-in and sign-out (not grants): the entries a clerk would like gone.
    const gone = rows.map((r, i) => (r.actor === clerk && r.grantKey === null ? i : -1)).filter((i) => i >= 0);
    expect(gone.length).toBeGreaterThanOrEqual(2);
    const held = new Set([keyId(o.clerk.signPublic), keyId(o.system.signPublic)]);
    // The first entry after the first cut that they cannot re-sign (a colleague's, or their own under a retired key).
    const stuck = rows.findIndex((r, i) => i > gone[0] && !gone.includes(i) && !held.has(r.signer!));
    await rewriteChain(
      o,
      rows.filter((_, i) => !gone.includes(i)),
    );
    await o.db.close();
    const r = await verifyAsAdmin();
    expect(r).toMatchObject({ ok: false, problem: 'forged', firstBadSeq: stuck + 1 - gone.filter((i) => i < stuck).length });
  });

  it("setting one's own role to administrator: sign-in is refused and verify names the user", async () => {
    const o = await openAsClerk(v, clerk);
    await o.db.manager.query("UPDATE users SET role = 'admin' WHERE username = ?", [clerk]);
    await o.db.close();
    const signIn = (await v.call('clerk', 'auth.signIn', { username: clerk, password: PASSWORD })) as R;
    expect(signIn.error?.code).toBe('FORBIDDEN');
    const r = await verifyAsAdmin();
    expect(r).toMatchObject({ ok: false, problem: 'grantMismatch' });
    expect(r.why?.zh).toContain(clerk);
    const refused = await v.core.services.audit.list({ action: 'auth.standing.refused', limit: 5 });
    expect(refused.map((x) => x.actor)).toContain(clerk);
  });

  it('a grant forged with the system key (which the vault key opens) is unauthorised and opens nothing', async () => {
    const o = await openAsClerk(v, clerk);
    const rows = await o.rows();
    const [u] = await o.db.manager.query('SELECT id FROM users WHERE username = ?', [clerk]);
    const last = rows[rows.length - 1];
    const forged: AuditEntryRecord = {
      seq: last.seq + 1,
      at: last.at,
      actor: 'admin',
      action: 'users.setRole',
      subject: `user:${u.id}`,
      details: JSON.stringify({ grant: { userId: u.id, username: clerk, role: 'admin', active: true, signPublic: o.clerk.signPublic } }),
      prevHash: last.hmac,
      hmac: '',
      signer: keyId(o.system.signPublic),
      sig: null,
      grantKey: keyId(o.clerk.signPublic),
    };
    forged.sig = signText(o.system.sign, auditSignBody(forged));
    forged.hmac = auditMac(o.hmacKey, forged);
    await rewriteChain(o, [...rows, forged]);
    await o.db.manager.query("UPDATE users SET role = 'admin' WHERE id = ?", [u.id]);
    await o.db.close();
    expect(((await v.call('clerk', 'auth.signIn', { username: clerk, password: PASSWORD })) as R).error?.code).toBe('FORBIDDEN');
    const r = await verifyAsAdmin();
    expect(r).toMatchObject({ ok: false, firstBadSeq: forged.seq, problem: 'unauthorised' });
    expect(r.why?.en).toContain('system key may not sign');
  });

  it("cutting colleagues' entries off the end (and re-MACing) leaves their signed head dangling", async () => {
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    await v.ok('admin', 'structure.saveGrid', { name: '第三网格', code: 'G3' });
    await v.ok('admin', 'auth.signOut');
    await v.close();
    const o = await openAsClerk(v, clerk);
    const rows = await o.rows();
    const lastClerk = rows.map((r) => r.actor).lastIndexOf(clerk);
    await rewriteChain(o, rows.slice(0, lastClerk + 1));
    await o.db.close();
    const rowsLeft = lastClerk + 1;
    // The admin's own sign-in appends first: it finds its signed head pointing past the end and says so.
    const r = await verifyAsAdmin();
    expect(r).toMatchObject({ ok: false, problem: 'truncated', firstBadSeq: rows.length });
    expect(r.why?.en).toContain('"admin"');
    const found = await v.core.services.audit.list({ action: 'audit.truncationFound', limit: 5 });
    expect(found.map((x) => x.seq)).toEqual([rowsLeft + 1]);
  });

  it('the quick verify walks only entries after the last signed checkpoint and finds an edit there; the full verify finds one before it', async () => {
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    const first = await v.ok<{ ok: boolean; fromSeq?: number; lastSeq: number }>('admin', 'audit.verify', {});
    expect(first).toMatchObject({ ok: true });
    expect(first.fromSeq).toBeUndefined(); // no checkpoint yet: a full walk
    await v.ok('admin', 'structure.saveGrid', { name: '第四网格', code: 'G4' });
    await v.ok('admin', 'auth.signOut');
    await v.close();
    const o = await openAsClerk(v, clerk);
    const rows = await o.rows();
    const after = rows.filter((r) => r.action === 'grid.create').pop()!;
    const before = rows.filter((r) => r.action === 'grid.create')[0];
    expect(after.seq).toBeGreaterThan(first.lastSeq);
    expect(before.seq).toBeLessThan(first.lastSeq);
    await o.db.manager.query('UPDATE audit_log SET details = ? WHERE seq = ?', ['{"code":"G9"}', after.seq]);
    await o.db.close();
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    const quick = await v.ok<{ ok: boolean; firstBadSeq: number; fromSeq?: number; checked: number }>('admin', 'audit.verify', {});
    expect(quick).toMatchObject({ ok: false, firstBadSeq: after.seq, fromSeq: first.lastSeq + 1 });
    expect(quick.checked).toBe(after.seq - first.lastSeq - 1);
    // An edit before the checkpoint (not re-MACed) is outside the quick walk; the full walk names it.
    await v.ok('admin', 'auth.signOut');
    await v.close();
    const o2 = await openAsClerk(v, clerk);
    await o2.db.manager.query('UPDATE audit_log SET details = ? WHERE seq = ?', ['{"code":"G8"}', before.seq]);
    await o2.db.close();
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    expect(await v.ok('admin', 'audit.verify', { full: true })).toMatchObject({ ok: false, firstBadSeq: before.seq });
  });
});

describe('signed audit: a long trail is checked on worker threads', () => {
  it('25 000 signed entries verify; one bad signature in the second page is named', async () => {
    const v = await new TestVault().setup();
    try {
      const { db, audit } = v.core.services;
      const admin = v.core.requireVault().signers.holds('admin')!;
      const signer = keyId(admin.signPublic);
      const hmacKey = (await loadVaultSecrets(db.manager, randomBytes, Buffer.from(v.core.vaultKey))).auditHmac;
      let prev = (await audit.latest())!;
      const rows: AuditEntryRecord[] = [];
      for (let i = 0; i < 25_000; i++) {
        const row: AuditEntryRecord = {
          seq: prev.seq + 1,
          at: prev.at,
          actor: 'admin',
          action: 'record.view',
          subject: `record:${i}`,
          details: `{"i":${i}}`,
          prevHash: prev.hmac,
          hmac: '',
          signer,
          sig: null,
          grantKey: null,
        };
        row.hmac = auditMac(hmacKey, row);
        row.sig = signText(admin.sign, auditSignBody(row));
        rows.push(row);
        prev = row;
      }
      await db.write(async (m) => {
        // Many rows per INSERT: the trail's length is what is under test, not 25 000 round trips.
        const COLS = 10;
        for (let at = 0; at < rows.length; at += 500) {
          const slice = rows.slice(at, at + 500);
          await m.query(
            `INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hmac, signer, sig) VALUES ${slice.map(() => `(${'?,'.repeat(COLS - 1)}?)`).join(',')}`,
            slice.flatMap((r) => [r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prevHash, r.hmac, r.signer, r.sig]),
          );
        }
        await m.query('DELETE FROM audit_heads WHERE signer = ?', [signer]);
        await m.query('INSERT INTO audit_heads (signer, seq, hash, sig) VALUES (?,?,?,?)', [
          signer,
          prev.seq,
          prev.hmac,
          signText(admin.sign, headBody(signer, prev.seq, prev.hmac)),
        ]);
      });
      expect(await audit.verify()).toMatchObject({ ok: true, checked: prev.seq });
      // A signature from another entry: valid bytes, wrong message.
      const bad = 21_123;
      await dropAppendOnly(db.manager, 'audit_log', ['update']);
      await db.manager.query('UPDATE audit_log SET sig = (SELECT sig FROM audit_log WHERE seq = ?) WHERE seq = ?', [bad + 1, bad]);
      expect(await audit.verify()).toMatchObject({ ok: false, firstBadSeq: bad, problem: 'forged' });
    } finally {
      await v.destroy();
    }
  }, 120_000);
});
