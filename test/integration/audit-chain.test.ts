import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropAppendOnly, rawArchive } from '../helpers/raw-archive';
import { ADMIN, TestVault } from '../helpers/vault-fixture';

type Row = { seq: number; at: string; actor: string; action: string; subject: string | null; details: string; prev_hash: string; hmac: string };

/** Raw access as an attacker who has the DB key but not the audit HMAC key: triggers dropped. */
async function tamper(v: TestVault, fn: (ds: DataSource) => Promise<void>): Promise<void> {
  const key = Buffer.from(v.core.vaultKey);
  await v.close();
  const ds = await rawArchive(v.core.paths, key);
  await dropAppendOnly(ds);
  await ds.transaction(async (m) => fn(m.connection));
  await ds.destroy();
  await v.core.signIn('admin', ADMIN.username, ADMIN.password);
}

async function rows(ds: DataSource): Promise<Row[]> {
  return ds.query('SELECT * FROM audit_log ORDER BY seq');
}

describe('audit trail: append-only and tamper-evident', () => {
  let v: TestVault;
  beforeEach(async () => {
    v = await new TestVault().setup();
    for (let i = 0; i < 8; i++) await v.core.services.audit.record({ actor: 'admin', action: 'test.event', subject: `item:${i}`, details: { i } });
  });
  afterEach(() => v.destroy());

  it('a sound chain verifies', async () => {
    const r = await v.core.services.audit.verify();
    expect(r).toMatchObject({ ok: true, firstBadSeq: null, problem: null });
    expect(r.checked).toBe(r.lastSeq);
  });

  it('triggers refuse UPDATE and DELETE', async () => {
    const ds = v.core.services.db.ds;
    await expect(ds.query("UPDATE audit_log SET actor = 'x' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
  });

  it('an edited row is named', async () => {
    await tamper(v, (ds) => ds.query('UPDATE audit_log SET details = \'{"i":99}\' WHERE seq = 5'));
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'edited' });
  });

  it('a deleted row is named (gap left)', async () => {
    await tamper(v, (ds) => ds.query('DELETE FROM audit_log WHERE seq = 4'));
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'deleted' });
  });

  it('a deleted row is named (later rows renumbered to hide the gap)', async () => {
    await tamper(v, async (ds) => {
      await ds.query('DELETE FROM audit_log WHERE seq = 4');
      const rest = (await rows(ds)).filter((r) => r.seq > 4);
      for (const r of rest) await ds.query('UPDATE audit_log SET seq = ? WHERE seq = ?', [r.seq - 1, r.seq]);
    });
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'deleted' });
  });

  it('an inserted row is named', async () => {
    await tamper(v, async (ds) => {
      const all = await rows(ds);
      for (const r of all.filter((x) => x.seq >= 6).reverse()) await ds.query('UPDATE audit_log SET seq = ? WHERE seq = ?', [r.seq + 1, r.seq]);
      const prev = all.find((r) => r.seq === 5)!;
      await ds.query('INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hmac) VALUES (6, ?, ?, ?, ?, ?, ?, ?)', [
        prev.at,
        'admin',
        'test.event',
        'item:forged',
        '{}',
        prev.hmac,
        'f'.repeat(64),
      ]);
    });
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'inserted' });
  });

  it('reordered rows are named', async () => {
    await tamper(v, async (ds) => {
      await ds.query('UPDATE audit_log SET seq = -1 WHERE seq = 6');
      await ds.query('UPDATE audit_log SET seq = 6 WHERE seq = 7');
      await ds.query('UPDATE audit_log SET seq = 7 WHERE seq = -1');
    });
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'reordered' });
  });
});
