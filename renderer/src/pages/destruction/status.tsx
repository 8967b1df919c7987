import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useArchiveTime } from '../../lib/archive-time';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';

const COLORS: Record<DestructionBatchRow['status'], string> = { proposed: 'gold', approved: 'blue', rejected: 'default', executed: 'red' };

export function StatusTag({ status }: { status: DestructionBatchRow['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="register-status" data-status={status}>
      {t(`destruction.statuses.${status}`)}
    </Tag>
  );
}

/** ISO timestamps as the archive's time ("2026年12月2日 18:08"); the register itself keeps the full value. */
export function useShortTime(): (iso: string | null | undefined) => string {
  const at = useArchiveTime();
  return (iso) => (iso ? at.time(iso) : '');
}
