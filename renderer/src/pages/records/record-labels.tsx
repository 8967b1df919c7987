import { Tag } from 'antd';
import { RECORD_STATUS_LABELS } from '../../../../shared/domain/archive-types';
import { label } from '../../lib/register-data';

const STATUS_COLORS: Record<string, string> = { in: 'green', on_loan: 'blue', on_hold: 'purple', pending_destruction: 'orange', destroyed: 'default' };

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="record-status">
      {label(RECORD_STATUS_LABELS, status)}
    </Tag>
  );
}
