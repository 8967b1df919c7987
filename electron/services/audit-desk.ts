import type { ReqOf, ResOf } from '../../shared/contract';
import type { auditContract, AuditRow } from '../../shared/contract/audit.contract';
import { redactAuditJson } from '../../shared/domain/disclosure';
import type { Database } from '../db/database';
import { auditCheckpointPdf } from '../print/audit-checkpoint.pdf';
import { auditReportPdf } from '../print/audit-report.pdf';
import { buildAuditExport, MIME } from './audit-export';
import { rangeBounds } from './audit-range';
import { monthlyReportData, monthlyReportXlsx } from './audit-report';
import type { AuditService } from './audit.service';
import type { SearchFingerprints } from './search-fingerprint';
import type { SettingsService } from './settings.service';

type AuditContract = typeof auditContract;
type Req<K extends keyof AuditContract> = ReqOf<AuditContract[K]>;
type Res<K extends keyof AuditContract> = Promise<ResOf<AuditContract[K]>>;

/** The auditor at work: who they are, as printed on what they sign, and how the trail records them. */
export type Auditor = { username: string; displayName: string; via?: 'cli' };

const who = (s: Auditor) => `${s.displayName}（${s.username}）`;

/** Entries as the auditor reads them: a register change names its fields, never a resident's values. */
const readable = (rows: AuditRow[]): AuditRow[] => rows.map((r) => ({ ...r, details: redactAuditJson(r.action, r.details) }));

/**
 * 审计 as the auditor works it: reading the trail, verifying it, signing checkpoints, exports and the
 * monthly report. Each of these is itself an entry, written here (the trail's own rules are in
 * audit.service.ts).
 */
export class AuditDesk {
  constructor(
    private readonly deps: { db: Database; audit: AuditService; fingerprints: SearchFingerprints; settings: SettingsService; nowIso: () => string },
  ) {}

  async list(by: Auditor, { from, to, searchText, ...rest }: Req<'list'>): Res<'list'> {
    const { audit, fingerprints, settings } = this.deps;
    let searchFingerprint: string | undefined;
    if (searchText) {
      searchFingerprint = await fingerprints.of(searchText);
      // Matching a text is itself a look-up: one guess, one entry (the text is kept as a fingerprint too).
      await audit.record({ actor: by.username, action: 'audit.searchMatch', details: { queryFingerprint: searchFingerprint } });
    }
    return readable(await audit.list({ ...rest, ...rangeBounds({ from, to }, await settings.timeZone()), searchFingerprint }));
  }

  async bySubject(req: Req<'bySubject'>): Res<'bySubject'> {
    return readable(await this.deps.audit.list({ subject: req.subject, limit: req.limit }));
  }

  async verify(by: Auditor, req: Req<'verify'>): Res<'verify'> {
    const { audit } = this.deps;
    // Quick: only what came since the last checkpoint a verifier signed; full: every entry again.
    const r = req.full ? await audit.verify() : await audit.verifySinceCheckpoint();
    await audit.record({
      actor: by.username,
      action: 'audit.verify',
      details: { ok: r.ok, checked: r.checked, firstBadSeq: r.firstBadSeq, problem: r.problem, fromSeq: r.fromSeq ?? 1 },
    });
    await audit.saveCheckpoint(by.username, r);
    return r;
  }

  async checkpoint(by: Auditor): Res<'checkpoint'> {
    const { audit, db, settings, nowIso } = this.deps;
    const chain = await audit.verify();
    const { communityName, timeZone } = await settings.get();
    // The print is itself the newest entry, so the sheet covers the record of its own printing;
    // PDF made inside the same transaction, so a failed print leaves no entry behind.
    return db.write(async (m) => {
      const row = await audit.append(m, { actor: by.username, action: 'audit.checkpoint', details: { chainOk: chain.ok, checked: chain.checked } });
      const pdf = await auditCheckpointPdf({
        communityName,
        seq: row.seq,
        hash: row.hmac,
        entryAt: row.at,
        printedAt: nowIso(),
        timeZone,
        printedBy: who(by),
        chainOk: chain.ok,
        checked: chain.checked,
      });
      return { seq: row.seq, hash: row.hmac, at: row.at, chainOk: chain.ok, pdfBase64: pdf.toString('base64') };
    });
  }

  async checkAgainstCheckpoint(by: Auditor, req: Req<'checkAgainstCheckpoint'>): Res<'checkAgainstCheckpoint'> {
    const r = await this.deps.audit.checkAgainst(req.seq, req.hash);
    const ok = r.found && r.hashMatches && r.chain.ok;
    await this.deps.audit.record({
      actor: by.username,
      action: 'audit.checkAgainstCheckpoint',
      details: { seq: req.seq, hash: req.hash, ok, found: r.found, hashMatches: r.hashMatches, firstBadSeq: r.chain.firstBadSeq },
    });
    return { ok, ...r };
  }

  async export(by: Auditor, req: Req<'export'>): Res<'export'> {
    const { audit, settings } = this.deps;
    const f = await buildAuditExport(audit, req, await settings.timeZone());
    await audit.record({
      actor: by.username,
      action: 'audit.export',
      details: { from: req.from, to: req.to, format: req.format, rows: f.rows, via: by.via ?? 'app' },
    });
    return { fileName: f.fileName, mime: f.mime, base64: f.buffer.toString('base64'), rows: f.rows };
  }

  async monthlyReport(by: Auditor, req: Req<'monthlyReport'>): Res<'monthlyReport'> {
    const { audit, db, settings, nowIso } = this.deps;
    const { communityName, timeZone } = await settings.get();
    const data = await monthlyReportData(db, audit, { month: req.month, communityName, generatedAt: nowIso(), generatedBy: who(by), timeZone });
    const buffer = req.format === 'pdf' ? await auditReportPdf(data) : await monthlyReportXlsx(data);
    await audit.record({
      actor: by.username,
      action: 'audit.monthlyReport',
      details: { month: req.month, format: req.format, entries: data.total, chainOk: data.chain.ok },
    });
    return { fileName: `audit-report-${req.month}.${req.format}`, mime: MIME[req.format], base64: buffer.toString('base64') };
  }
}
