import { Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoanRow } from '../../../../shared/contract/lending.contract';
import { api } from '../../lib/api';
import { kindLabel } from './lending-labels';

/**
 * A record's lending history, for the records page to embed (e.g. in the record drawer).
 * Needs 'lending.read' (admin, keeper): for other roles the list call is refused and this renders nothing.
 */
export function RecordLoans({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<LoanRow[] | null>(null);

  useEffect(() => {
    let live = true;
    void api.lending.list({ state: 'all', recordId, limit: 200 }).then((r) => {
      if (live) setRows(r.ok ? r.value : null);
    });
    return () => {
      live = false;
    };
  }, [recordId]);

  if (!rows) return null;
  return (
    <Table<LoanRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="record-loans"
      title={() => t('lending.recordLoans')}
      locale={{ emptyText: t('lending.empty') }}
      columns={[
        { title: t('lending.slipNo'), dataIndex: 'slipNo' },
        { title: t('lending.kind'), dataIndex: 'kind', render: kindLabel },
        { title: t('lending.borrower'), key: 'b', render: (_, l) => [l.borrowerName, l.borrowerOrg].filter(Boolean).join(' · ') },
        { title: t('lending.checkoutDate'), dataIndex: 'checkoutDate' },
        { title: t('lending.dueDate'), dataIndex: 'dueDate' },
        {
          title: t('lending.state'),
          key: 's',
          render: (_, l) =>
            l.returnedOn ? (
              <Tag color="green">
                {t('lending.stateReturned')} {l.returnedOn}
              </Tag>
            ) : (
              <Tag color={l.overdueDays > 0 ? 'red' : 'blue'}>{l.overdueDays > 0 ? t('lending.overdueN', { n: l.overdueDays }) : t('lending.stateOut')}</Tag>
            ),
        },
      ]}
    />
  );
}
