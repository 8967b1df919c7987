import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveCore } from '../../electron/core/archive-core';
import type { AuditEntryRecord } from '../../electron/db/entities/audit-entry.entity';
import { auditMac, auditMacBody } from '../../electron/services/audit.service';
import { subKey } from '../../electron/vault/envelope';
import { timeIt, type BenchLine } from './harness';

const N = 1_000_000;
const ROWS_PER_INSERT = 100; // 800 bound parameters: under SQLite's oldest variable limit (999)
const ACTIONS = ['resident.view', 'record.view', 'search', 'record.update', 'attachment.view', 'auth.signIn', 'lookup.request'];
const ms = (x: number) => `${x.toFixed(3)} ms`;
const sec = (x: number) => `${(x / 1000).toFixed(2)} s`;

/**
 * Audit trail: append cost per entry, and verification of a 1M-entry chain, each beside raw
 * SHA-256 over the same bytes in the same run. The 1M rows are a real chain (seq, prev hash and
 * HMAC with the service's key) written in batched INSERTs in one transaction, not appended one by one.
 */
export async function benchAudit(): Promise<BenchLine[]> {
  // ArchiveCore directly (not the IPC test fixture): the bench needs only the vault and its services.
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const core = new ArchiveCore({ dataDir: dir });
  try {
    await core.setup({ communityName: '基准社区', username: 'admin', displayName: '管理员', password: 'Bench-pass-2026' }, 'bench');
    const { audit, db } = core.services;
    const key = subKey(Buffer.from(core.vaultKey), 'audit-hmac');

    // --- 1M-row chain, continuing the real one ---
    const head = (await audit.latest())!;
    let prev: AuditEntryRecord = head;
    const t0 = Date.parse(head.at);
    let shaNs = 0n;
    let bytes = 0;
    // A roomy page cache while building (the actor/subject indexes take scattered inserts); put back
    // before timing verification so it reads through the normal cache like the app does.
    const [{ cache_size: cacheSize }] = await db.manager.query('PRAGMA cache_size');
    await db.manager.query('PRAGMA cache_size = -262144');
    const insStart = process.hrtime.bigint();
    await db.write(async (m) => {
      const sql = `INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hmac) VALUES ${Array(ROWS_PER_INSERT).fill('(?,?,?,?,?,?,?,?)').join(',')}`;
      for (let done = 0; done < N; done += ROWS_PER_INSERT) {
        const params: unknown[] = [];
        const bodies: string[] = [];
        for (let k = 0; k < ROWS_PER_INSERT; k++) {
          const i = done + k;
          const row: AuditEntryRecord = {
            seq: prev.seq + 1,
            at: new Date(t0 + i * 1000).toISOString(),
            actor: `user${i % 37}`,
            action: ACTIONS[i % ACTIONS.length],
            subject: `resident:${(i * 7919) % 100_000}`,
            details: `{"purpose":"核对","q":${i % 1000}}`,
            prevHash: prev.hmac,
            hmac: '',
          };
          const body = auditMacBody(row);
          bodies.push(body);
          row.hmac = auditMac(key, row);
          params.push(row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prevHash, row.hmac);
          prev = row;
        }
        // Baseline: SHA-256 alone over exactly the bytes each HMAC covers, timed apart from the rest.
        const s = process.hrtime.bigint();
        for (const b of bodies) {
          createHash('sha256').update(b).digest('hex');
          bytes += Buffer.byteLength(b);
        }
        shaNs += process.hrtime.bigint() - s;
        await m.query(sql, params);
      }
    });
    const insertMs = Number(process.hrtime.bigint() - insStart) / 1e6;
    await db.manager.query(`PRAGMA cache_size = ${Number(cacheSize)}`);
    const rawShaMs = Number(shaNs) / 1e6;

    // --- verification of the whole chain (≈ 1M + the set-up entries) ---
    const vs = process.hrtime.bigint();
    const verdict = await audit.verify();
    const verifyMs = Number(process.hrtime.bigint() - vs) / 1e6;
    if (!verdict.ok || verdict.checked < N) throw new Error(`bench chain did not verify: ${JSON.stringify(verdict)}`);
    const perMillion = (verifyMs / verdict.checked) * 1e6;
    // Second baseline: just reading the same rows in the same pages, no MAC, no checks.
    const rs = process.hrtime.bigint();
    for (let after = 0; ; ) {
      const rows: { seq: number }[] = await db.manager.query(
        'SELECT seq, at, actor, action, subject, details, prev_hash AS prevHash, hmac FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 20001',
        [after],
      );
      if (rows.length <= 20000) break;
      after = rows[19999].seq;
    }
    const readMs = Number(process.hrtime.bigint() - rs) / 1e6;

    // --- append cost, on top of the 1M-entry trail ---
    const sample: AuditEntryRecord[] = [];
    const inTx = 5000;
    const txStart = process.hrtime.bigint();
    await db.write(async (m) => {
      for (let i = 0; i < inTx; i++) sample.push(await audit.append(m, { actor: 'bench', action: 'record.view', subject: `record:${i}`, details: { purpose: '核对', i } }));
    });
    const appendMs = Number(process.hrtime.bigint() - txStart) / 1e6 / inTx;
    const committed = await timeIt(300, (i) => audit.record({ actor: 'bench', action: 'record.view', subject: `record:${i}`, details: { purpose: '核对', i } }));
    const sampleBodies = sample.map(auditMacBody);
    const shaOne = await timeIt(1, () => {
      for (const b of sampleBodies) createHash('sha256').update(b).digest('hex');
    });
    const shaPerEntry = shaOne.mean / sampleBodies.length;

    return [
      { name: `build 1M-entry chain (batched INSERT, 1 tx)`, value: sec(insertMs) },
      { name: 'append, inside a transaction (per entry)', value: ms(appendMs), baseline: ms(shaPerEntry), ratio: (appendMs / shaPerEntry).toFixed(0), goal: '< 1 ms', pass: appendMs < 1 },
      { name: 'append + own commit (fsync, FULL) p50', value: ms(committed.p50), baseline: ms(shaPerEntry), ratio: (committed.p50 / shaPerEntry).toFixed(0) },
      { name: `verify ${verdict.checked} entries`, value: sec(verifyMs), baseline: `${sec(rawShaMs)} raw SHA-256 over ${(bytes / 1e6).toFixed(0)} MB`, ratio: (verifyMs / rawShaMs).toFixed(1) },
      { name: 'verify, per million entries', value: sec(perMillion), goal: '< 10 s', pass: perMillion < 10_000 },
      { name: 'raw read of the same rows (no MAC)', value: sec(readMs) },
    ];
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
