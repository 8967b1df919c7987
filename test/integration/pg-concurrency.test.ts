import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Signers } from '../../electron/core/signers';
import { Database } from '../../electron/db/database';
import { dialectOf, type DbTarget } from '../../electron/db/engine';
import { AuditService } from '../../electron/services/audit.service';
import { Keyring } from '../../electron/vault/keyring';
import { loadVaultSecrets } from '../../electron/vault/vault-secrets';
import { ADMIN, TestVault } from '../helpers/vault-fixture';

const WRITERS = 8;
// The full run, 8 × 500, at load ~20 on two shared cores: 35 s alone, 78 s beside another
// test file in the whole postgres project; ARCHIVE_ROOM_PG_EACH=100 shortens it for a quick check.
const EACH = Number(process.env.ARCHIVE_ROOM_PG_EACH ?? 500);

/**
 * Several keepers' PCs on one PostgreSQL archive: each writer below has its own connection pool
 * (as another process would) and appends audited actions, each taking a paper number in the same
 * transaction; some transactions roll back after taking theirs. The engine must keep one sound
 * chain and hand out unique, gapless numbers — nothing in this process serialises the writers.
 */
describe('PostgreSQL: concurrent writers keep one chain and gapless numbers', () => {
  const v = new TestVault();
  const writers: { db: Database; audit: AuditService }[] = [];
  let target: DbTarget;

  beforeAll(async () => {
    await v.setup();
    target = v.core.dbTarget();
    expect(target.engine).toBe('postgres');
    const ring = Keyring.load(v.core.paths.keyring, { randomBytes });
    const opened = (await ring.unlockWithPassword(ADMIN.username, ADMIN.password))!;
    const anchors = { founderSignPublic: ring.founder.signPublic, systemSignPublic: ring.systemSignPublic, recoverySignPublic: ring.recoverySignPublic };
    for (let i = 0; i < WRITERS; i++) {
      const db = await Database.open(target, opened.vaultKey);
      const secrets = await db.write((m) => loadVaultSecrets(m, randomBytes, opened.vaultKey));
      const signers = new Signers(() => anchors, ring.systemKeys(opened.vaultKey), Date.now);
      signers.hold(ADMIN.username, opened.userId, opened.keys);
      writers.push({ db, audit: new AuditService(db, secrets.auditHmac, () => new Date().toISOString(), signers) });
    }
  });

  afterAll(async () => {
    for (const w of writers) await w.db.close();
    await v.destroy();
  });

  it(`${WRITERS} writers × ${EACH} audited actions: one valid chain, no gaps, no duplicate numbers`, async () => {
    const before = (await v.core.services.audit.latest())?.seq ?? 0;
    const t0 = Date.now();
    const numbers: number[] = [];
    let rolledBack = 0;
    await Promise.all(
      writers.map(async (w, wi) => {
        for (let i = 0; i < EACH; i++) {
          // Every other action takes a number; the rest only append, so the counter's row lock
          // cannot stand in for the chain's own.
          const numbered = i % 2 === 0;
          const doomed = i % 50 === 48;
          try {
            await w.db.write(async (m) => {
              const n = numbered ? await dialectOf(m).nextNumber(m, 'test:slip', async () => 1) : null;
              await w.audit.append(m, { actor: ADMIN.username, action: 'loan.renew', subject: n ? `slip:${n}` : null, details: { writer: wi, i, n } });
              // A transaction that fails after taking its number: the number must come back.
              if (doomed) throw new Error('rolled back on purpose');
              if (n !== null) numbers.push(n);
            });
          } catch (e) {
            if (!doomed) throw e;
            rolledBack++;
          }
        }
      }),
    );
    const ms = Date.now() - t0;
    const committed = WRITERS * EACH - rolledBack;
    console.log(`[pg-concurrency] ${committed} appends from ${WRITERS} connections in ${ms} ms (${rolledBack} rolled back)`);

    const numberedCommitted = WRITERS * Math.ceil(EACH / 2) - rolledBack;
    expect(numbers.length).toBe(numberedCommitted);
    expect(new Set(numbers).size).toBe(numberedCommitted);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: numberedCommitted }, (_, k) => k + 1));

    const r = await v.core.services.audit.verify();
    expect(r).toMatchObject({ ok: true, problem: null, firstBadSeq: null });
    expect(r.lastSeq).toBe(before + committed);
    expect(r.checked).toBe(r.lastSeq);
  }, 600_000);
});
