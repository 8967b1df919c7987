import { Tag } from 'antd';
import type { LoanRow } from '../../../../shared/contract/lending.contract';
import { CARRIER_LABELS, RECORD_STATUS_LABELS, type Carrier, type RecordStatus } from '../../../../shared/domain/archive-types';
import { APPROVAL_MODE_LABELS, USE_KIND_LABELS, type ApprovalMode, type Bilingual, type UseKind } from '../../../../shared/domain/lending';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

/** Picks the language in use from a shared { zh, en } label (the domain owns these words, not i18n). */
export const bi = (b: Bilingual | undefined, fallback = ''): string => (b ? (i18n.language === 'en' ? b.en : b.zh) : fallback);

export const kindLabel = (k: string) => bi(USE_KIND_LABELS[k as UseKind], k);
export const carrierLabel = (c: string) => bi(CARRIER_LABELS[c as Carrier], c);
export const statusLabel = (s: string) => bi(RECORD_STATUS_LABELS[s as RecordStatus], s);

/**
 * Tier colours get warmer as the loan ages: before due → blue, due → gold, +7 → orange, +30 → red.
 * Custom tiers (from settings) fall back on their sign. The text is always printed beside the colour.
 */
function tierColour(id: string): string {
  if (id === 'before' || id.startsWith('before')) return 'blue';
  if (id === 'due') return 'gold';
  if (id === 'overdue7') return 'orange';
  if (id === 'overdue30') return 'red';
  return 'volcano';
}

/** The server sends the tier label as "中文 / English"; show the half for the current language. */
export function ReminderTag({ loan }: { loan: LoanRow }) {
  const { current, label } = loan.reminder;
  if (!current || !label) return null;
  const [zh, en] = label.split(' / ');
  return (
    <Tag color={tierColour(current)} data-testid="reminder-tag" data-tier={current}>
      {i18n.language === 'en' ? (en ?? zh) : zh}
    </Tag>
  );
}

const APPROVAL_COLOURS: Record<ApprovalMode, string> = { confirmed: 'green', paper: 'purple', unconfirmed: 'default' };
const APPROVAL_SHORT = { confirmed: 'lending.approvalConfirmed', paper: 'lending.approvalPaper', unconfirmed: 'lending.approvalUnconfirmed' } as const;

/**
 * How the loan was approved: confirmed with the approver's own password, 纸质审批, or (older loans)
 * not confirmed. Short in the list (it shares a 1366-wide row), the full words on hover.
 */
export function ApprovalTag({ mode }: { mode: ApprovalMode }) {
  const { t } = useTranslation();
  return (
    <Tag color={APPROVAL_COLOURS[mode]} title={bi(APPROVAL_MODE_LABELS[mode])} data-testid="approval-tag" data-mode={mode}>
      {t(APPROVAL_SHORT[mode])}
    </Tag>
  );
}
