import type { AuditRow } from '../../shared/contract/audit.contract';
import { redactAuditJson } from '../../shared/domain/disclosure';
import { auditCheckpointPdf } from '../print/audit-checkpoint.pdf';
import { auditReportPdf } from '../print/audit-report.pdf';
import { buildAuditExport, MIME } from '../services/audit-export';
import { rangeBounds } from '../services/audit-range';
import { monthlyReportData, monthlyReportXlsx } from '../services/audit-report';
import type { AreaHandlers } from './handler-types';

const who = (s: { displayName: string; username: string }) => `${s.displayName}（${s.username}）`;

/** Entries as the auditor reads them: a register change names its fields, never a resident's values. */
const readable = (rows: AuditRow[]): AuditRow[] => rows.map((r) => ({ ...r, details: redactAuditJson(r.action, r.details) }));

export const auditHandlers: AreaHandlers<'audit'> = {
  async list({ core, session }, { from, to, searchText, ...rest }) {
    const { audit, searchFingerprints } = core.services;
    let searchFingerprint: string | undefined;
    if (searchText) {
      searchFingerprint = await searchFingerprints.of(searchText);
      // Matching a text is itself a look-up: one guess, one entry (the text is kept as a fingerprint too).
      await audit.record({ actor: session.username, action: 'audit.searchMatch', details: { queryFingerprint: searchFingerprint } });
    }
    return readable(await audit.list({ ...rest, ...rangeBounds({ from, to }, await core.services.settings.timeZone()), searchFingerprint }));
  },

  bySubject: async ({ core }, req) => readable(await core.services.audit.list({ subject: req.subject, limit: req.limit })),

  async verify({ core, session }, req) {
    const { audit } = core.services;
    // Quick: only what came since the last checkpoint a verifier signed; full: every entry again.
    const r = req.full ? await audit.verify() : await audit.verifySinceCheckpoint();
    await audit.record({
      actor: session.username,
      action: 'audit.verify',
      details: { ok: r.ok, checked: r.checked, firstBadSeq: r.firstBadSeq, problem: r.problem, fromSeq: r.fromSeq ?? 1 },
    });
    await audit.saveCheckpoint(session.username, r);
    return r;
  },

  async checkpoint({ core, session }) {
    const { audit, db, settings } = core.services;
    const chain = await audit.verify();
    const { communityName, timeZone } = await settings.get();
    // The print is itself the newest entry, so the sheet covers the record of its own printing;
    // PDF made inside the same transaction, so a failed print leaves no entry behind.
    return db.write(async (m) => {
      const row = await audit.append(m, { actor: session.username, action: 'audit.checkpoint', details: { chainOk: chain.ok, checked: chain.checked } });
      const pdf = await auditCheckpointPdf({
        communityName,
        seq: row.seq,
        hash: row.hmac,
        entryAt: row.at,
        printedAt: core.nowIso(),
        timeZone,
        printedBy: who(session),
        chainOk: chain.ok,
        checked: chain.checked,
      });
      return { seq: row.seq, hash: row.hmac, at: row.at, chainOk: chain.ok, pdfBase64: pdf.toString('base64') };
    });
  },

  async checkAgainstCheckpoint({ core, session }, req) {
    const r = await core.services.audit.checkAgainst(req.seq, req.hash);
    const ok = r.found && r.hashMatches && r.chain.ok;
    await core.services.audit.record({
      actor: session.username,
      action: 'audit.checkAgainstCheckpoint',
      details: { seq: req.seq, hash: req.hash, ok, found: r.found, hashMatches: r.hashMatches, firstBadSeq: r.chain.firstBadSeq },
    });
    return { ok, ...r };
  },

  async export({ core, session, via }, req) {
    const f = await buildAuditExport(core.services.audit, req, await core.services.settings.timeZone());
    await core.services.audit.record({
      actor: session.username,
      action: 'audit.export',
      details: { from: req.from, to: req.to, format: req.format, rows: f.rows, via: via ?? 'app' },
    });
    return { fileName: f.fileName, mime: f.mime, base64: f.buffer.toString('base64'), rows: f.rows };
  },

  async monthlyReport({ core, session }, req) {
    const { audit, db, settings } = core.services;
    const { communityName, timeZone } = await settings.get();
    const data = await monthlyReportData(db, audit, { month: req.month, communityName, generatedAt: core.nowIso(), generatedBy: who(session), timeZone });
    const buffer = req.format === 'pdf' ? await auditReportPdf(data) : await monthlyReportXlsx(data);
    await audit.record({
      actor: session.username,
      action: 'audit.monthlyReport',
      details: { month: req.month, format: req.format, entries: data.total, chainOk: data.chain.ok },
    });
    return { fileName: `audit-report-${req.month}.${req.format}`, mime: MIME[req.format], base64: buffer.toString('base64') };
  },
};
