import { lendingSlipPdf, recallSlipPdf } from '../print/lending-slips.pdf';
import type { ArchiveCalendar } from './archive-calendar';
import type { AuditService } from './audit.service';
import type { LendingService } from './lending.service';
import type { SettingsService } from './settings.service';

/** Who prints, as the slip names them. */
export type Printer = { username: string; displayName: string };

/** 借阅单 and 催还单: drawn from the loans as they stand, each print in the trail. */
export class LendingPrints {
  constructor(private readonly deps: { lending: LendingService; settings: SettingsService; calendar: ArchiveCalendar; audit: AuditService }) {}

  async slip(by: Printer, slipNo: string): Promise<Buffer> {
    const { lending, settings, calendar, audit } = this.deps;
    const loans = await lending.bySlip(slipNo);
    const pdf = await lendingSlipPdf({
      communityName: (await settings.get()).communityName,
      loans,
      printedBy: by.displayName,
      printedAt: await calendar.printStamp(),
      ...(await lending.slipExtras(loans)),
    });
    await audit.record({ actor: by.username, action: 'print.loanSlip', subject: `slip:${slipNo}`, details: { records: loans.map((l) => l.recordId) } });
    return pdf;
  }

  async recall(by: Printer, loanId: string): Promise<{ pdf: Buffer; slipNo: string }> {
    const { lending, settings, calendar, audit } = this.deps;
    const loan = await lending.get(loanId);
    const pdf = await recallSlipPdf({
      communityName: (await settings.get()).communityName,
      loan,
      recalls: await lending.recalls(loanId),
      today: await calendar.today(),
      printedBy: by.displayName,
      printedAt: await calendar.printStamp(),
    });
    await audit.record({ actor: by.username, action: 'print.recallSlip', subject: `record:${loan.recordId}`, details: { loanId: loan.id } });
    return { pdf, slipNo: loan.slipNo };
  }
}
