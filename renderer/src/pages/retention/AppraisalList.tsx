import { Alert, Button, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalBatchRow } from '../../../../shared/contract/retention.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { AppraisalDrawer } from './AppraisalDrawer';
import { useAreaChanges } from '../../lib/live-areas';

type Row = Omit<AppraisalBatchRow, 'items'> & { itemCount: number; decided: number };

/** 鉴定批次: every batch with its progress; a row opens the batch for decisions and review. */
export function AppraisalList({ openId, onOpen }: { openId: string | null; onOpen: (id: string | null) => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.appraisal.list({});
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setRows(r.value);
  }, []);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['appraisal', 'retention', 'destruction'], () => void load());

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Row>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        data-testid="batches-table"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('retention.noBatches') }}
        columns={[
          { title: t('retention.batchNo'), dataIndex: 'batchNo', fixed: 'left' },
          { title: t('retention.purpose'), dataIndex: 'purpose' },
          { title: t('retention.scope'), dataIndex: 'scope' },
          { title: t('retention.members'), dataIndex: 'members', render: (m: string[]) => m.join('、') },
          {
            title: t('retention.status'),
            dataIndex: 'status',
            render: (s: Row['status']) => <Tag color={s === 'open' ? 'blue' : 'default'}>{t(`retention.statuses.${s}`)}</Tag>,
          },
          { title: t('retention.progress'), render: (_, r) => `${r.decided} / ${r.itemCount}` },
          { title: t('retention.createdBy'), dataIndex: 'createdByName' },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, r) => (
              <Button size="small" onClick={() => onOpen(r.id)} data-testid="batch-open">
                {t('retention.open')}
              </Button>
            ),
          },
        ]}
      />
      <AppraisalDrawer id={openId} onClose={() => onOpen(null)} onChanged={load} />
    </>
  );
}
