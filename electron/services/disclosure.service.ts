import type { ResidentDetail, SearchHit } from '../../shared/contract/register.contract';
import { purposeMissing } from '../../shared/domain/disclosure';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { watermarkCopy } from '../print/watermark';
import type { ArchiveCalendar } from './archive-calendar';
import type { AttachmentsService } from './attachments.service';
import type { AuditService } from './audit.service';
import type { LookupsService } from './lookups.service';
import type { ResidentsService } from './residents.service';
import type { SearchFingerprints } from './search-fingerprint';
import type { SearchService } from './search.service';
import type { Viewer } from './shield';

/** A person opening something, as the look-up rules need them. */
export type Looker = Viewer & { displayName: string };

type OpenedFile = { mime: string; fileName: string; data: Buffer };

/**
 * Every way a person's data is shown beyond a list row: the search box, a resident's details, a
 * record's file on screen or as a copy. One place for the order the rules run in: the purpose
 * (查阅事由) a look-up clerk must state, the approval a sensitive household or record needs
 * (lookups.service.ts), then the data, then the trail's entry.
 */
export class DisclosureService {
  constructor(
    private readonly deps: {
      audit: AuditService;
      lookups: LookupsService;
      residents: ResidentsService;
      attachments: AttachmentsService;
      search: SearchService;
      fingerprints: SearchFingerprints;
      calendar: ArchiveCalendar;
    },
  ) {}

  async search(who: Viewer, q: string, limit: number): Promise<SearchHit[]> {
    const { search, audit, fingerprints } = this.deps;
    const hits = await search.query(q, limit, who);
    // The text may be a name or an ID: the trail keeps its fingerprint, which the auditor can match
    // against a text they type (audit.list searchText) but cannot read back.
    await audit.record({
      actor: who.username,
      action: 'search',
      details: { hits: hits.length, length: q.length, queryFingerprint: await fingerprints.of(q) },
    });
    return hits;
  }

  async resident(who: Viewer, id: string, purpose: string | undefined): Promise<ResidentDetail> {
    await this.mayOpen(who, `resident:${id}`, purpose);
    const detail = await this.deps.residents.detail(id);
    await this.deps.audit.record({ actor: who.username, action: 'resident.view', subject: `resident:${id}`, details: { purpose: purpose ?? null } });
    return detail;
  }

  /** A file shown in the viewer (pdf.js draws it to canvas with the viewer's watermark; see attachmentsContract.view). */
  async viewFile(who: Viewer, attachmentId: string, purpose: string | undefined): Promise<OpenedFile> {
    const { attachments } = this.deps;
    requirePurpose(who, purpose);
    const recordId = await attachments.recordOf(attachmentId);
    if (recordId) await this.deps.lookups.assertMayOpen(who, who.role, `record:${recordId}`);
    const { row, data } = await attachments.read(who, attachmentId, { action: 'attachment.view', purpose });
    return { mime: row.mime, fileName: row.fileName, data };
  }

  /** A copy taken out of the archive: stamped with who took it, when and why. */
  async exportFile(who: Looker, attachmentId: string, purpose: string): Promise<OpenedFile> {
    const { row, data } = await this.deps.attachments.read(who, attachmentId, { action: 'attachment.export', purpose });
    const stamp = `${who.displayName} 导出 ${await this.deps.calendar.stamp()} · 档案室 · ${purpose}`;
    const out = await watermarkCopy(data, row.mime, stamp);
    return { mime: out.mime, fileName: out.mime === row.mime ? row.fileName : `${row.fileName}.pdf`, data: out.data };
  }

  private async mayOpen(who: Viewer, subject: string, purpose: string | undefined): Promise<void> {
    requirePurpose(who, purpose);
    await this.deps.lookups.assertMayOpen(who, who.role, subject);
  }
}

function requirePurpose(who: Viewer, purpose: string | undefined): void {
  if (purposeMissing(who.role, purpose)) throw new AppError('VALIDATION', ERR.review.purposeRequired);
}
