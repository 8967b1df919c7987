import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';

const COLORS: Record<DestructionBatchRow['status'], string> = { proposed: 'gold', approved: 'blue', rejected: 'default', executed: 'red' };

export function StatusTag({ status }: { status: DestructionBatchRow['status'] }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]} data-testid="register-status" data-status={status}>{t(`destruction.statuses.${status}`)}</Tag>;
}

/** ISO timestamps as a short local "YYYY-MM-DD HH:mm"; the register itself keeps the full value. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toLocaleDateString('sv-SE')} ${d.toTimeString().slice(0, 5)}`;
}
