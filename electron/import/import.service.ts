import { createHash } from 'node:crypto';
import type { ImportReport } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import type { ArchiveCore } from '../core/archive-core';
import { csvCell } from '../services/audit-export';
import type { Actor } from '../services/structure.service';
import { executePlan, type CommitControl } from './commit';
import { planImport, type Plan } from './plan';
import { readSheet, type Sheet } from './sheet-reader';
import { validateRows, type RowIssue, type Validated } from './validate-rows';

const SHOWN_ISSUES = 2000;

interface Checked {
  sheet: Sheet;
  validated: Validated;
  plan: Plan;
  sha256: string;
}

/**
 * Import of the community's basic-information sheet. The dry run and the commit run the same
 * checks; the commit re-plans inside its one transaction and refuses to write when any row is bad,
 * so a sheet lands whole or not at all. One audit entry per import (file hash, counts), not per row.
 */
export class ImportService {
  constructor(private readonly core: ArchiveCore) {}

  /** The archive's date (its time zone), so a sheet imported at 07:30 on 1 January in Beijing files its records under the new year. */
  private today(): Promise<string> {
    return this.core.services.calendar.today();
  }

  async dryRun(fileName: string, bytes: Buffer): Promise<ImportReport> {
    const today = await this.today();
    const { sheet, validated, sha256 } = await this.parse(fileName, bytes, today);
    const s = this.core.services;
    const plan = await planImport(s.db.manager, validated.rows, await s.settings.get(), { newId: this.core.newId, today });
    return report({ sheet, validated, plan, sha256 });
  }

  async commit(actor: Actor, fileName: string, bytes: Buffer, ctl: CommitControl): Promise<ImportReport> {
    const today = await this.today();
    const { sheet, validated, sha256 } = await this.parse(fileName, bytes, today);
    if (validated.issues.length) throw refused(report({ sheet, validated, plan: emptyPlan(), sha256 }));
    const s = this.core.services;
    return s.db.write(async (m) => {
      // Planned again inside the transaction: nothing can change between the check and the write.
      const plan = await planImport(m, validated.rows, await s.settings.get(m), { newId: this.core.newId, today });
      const r = report({ sheet, validated, plan, sha256 });
      if (r.issueCount) throw refused(r);
      await executePlan(m, plan, validated.present, this.core.nowIso(), ctl);
      await s.audit.append(m, {
        actor: actor.username,
        action: 'import.commit',
        details: { fileSha256: sha256, format: sheet.format, encoding: sheet.encoding ?? null, rows: sheet.rows.length, counts: plan.counts },
      });
      return r;
    });
  }

  private async parse(fileName: string, bytes: Buffer, today: string): Promise<{ sheet: Sheet; validated: Validated; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const sheet = await readSheet(fileName, bytes);
    const tags: { id: string; name: string; code: string }[] = await this.core.services.db.manager.query('SELECT id, name, code FROM tags');
    // Names, and codes that name one tag only: exports show discreet tags by their code.
    const byName = new Map(tags.map((t) => [t.name, t.id]));
    for (const t of tags) if (!byName.has(t.code) && tags.filter((x) => x.code === t.code).length === 1) byName.set(t.code, t.id);
    const validated = validateRows(sheet, byName, today);
    return { sheet, validated, sha256 };
  }
}

export class ImportRefused extends AppError {
  constructor(readonly report: ImportReport) {
    super('VALIDATION', {
      zh: `有 ${report.issueCount} 处错误，未导入任何数据。请修正后重试。`,
      en: `${report.issueCount} problem(s) found; nothing was imported. Fix them and try again.`,
    });
  }
}
const refused = (r: ImportReport) => new ImportRefused(r);

function emptyPlan(): Plan {
  return {
    issues: [], places: { grids: [], buildings: [], units: [] }, households: [], residents: [], records: [],
    counts: { grids: 0, buildings: 0, units: 0, householdsCreated: 0, householdsUpdated: 0, residentsCreated: 0, residentsUpdated: 0, recordsCreated: 0 },
  };
}

function report(c: Checked): ImportReport {
  const issues = [...c.validated.issues, ...c.plan.issues].sort((a, b) => a.row - b.row);
  return {
    fileSha256: c.sha256,
    format: c.sheet.format,
    encoding: c.sheet.encoding ?? null,
    rows: c.sheet.rows.length,
    validRows: c.validated.rows.length - c.plan.issues.length,
    issues: issues.slice(0, SHOWN_ISSUES),
    issueCount: issues.length,
    counts: c.plan.counts,
    reportCsvBase64: issuesCsv(issues).toString('base64'),
  };
}

export function issuesCsv(issues: RowIssue[]): Buffer {
  const lines = [['行 Row', '列 Column', '值 Value', '问题', 'Problem'].join(',')];
  for (const i of issues) lines.push([i.row, i.column, i.value, i.zh, i.en].map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Plain text for the CLI: one line per issue. */
export function issuesText(r: ImportReport): string {
  return r.issues.map((i) => `第 ${i.row} 行 row ${i.row} · ${i.column} · "${i.value}" · ${i.zh} / ${i.en}`).join('\n');
}
