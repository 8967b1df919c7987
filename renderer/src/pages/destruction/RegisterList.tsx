import { Alert, Button, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { ProposeModal } from './ProposeModal';
import { RegisterDrawer } from './RegisterDrawer';
import { StatusTag, useShortTime } from './status';
import { useAreaChanges } from '../../lib/live-areas';

type Row = Omit<DestructionBatchRow, 'items'>;

/** Every register with where it stands in the procedure; a row opens its drawer of next steps. */
export function RegisterList() {
  const { t } = useTranslation();
  const shortTime = useShortTime();
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.destruction.list({});
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setRows(r.value);
  }, []);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['destruction'], () => void load());

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setProposing(true)} data-testid="destruction-propose">
          {t('destruction.propose')}
        </Button>
        <Button onClick={load}>{t('destruction.reload')}</Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Row>
        rowKey="id"
        dataSource={rows}
        size="small"
        pagination={false}
        data-testid="registers-table"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('destruction.noRows') }}
        onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
        columns={[
          { title: t('destruction.registerNo'), dataIndex: 'registerNo', fixed: 'left' },
          { title: t('destruction.status'), dataIndex: 'status', render: (s: Row['status']) => <StatusTag status={s} /> },
          { title: t('destruction.totals'), render: (_, r) => t('destruction.totalsText', r.totals) },
          { title: t('destruction.proposedBy'), dataIndex: 'proposedByName' },
          { title: t('destruction.proposedAt'), dataIndex: 'proposedAt', render: shortTime },
          { title: t('destruction.approvedBy'), dataIndex: 'approvedByName' },
          { title: t('destruction.supervisors'), render: (_, r) => r.supervisors.map((s) => s.name).join('、') },
          { title: t('destruction.executedAt'), dataIndex: 'executedAt', render: shortTime },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, r) => (
              <Button size="small" data-testid="register-open" onClick={() => setOpenId(r.id)}>
                {t('destruction.open')}
              </Button>
            ),
          },
        ]}
      />
      <ProposeModal
        open={proposing}
        onClose={() => setProposing(false)}
        onDone={(id) => {
          setProposing(false);
          void load();
          setOpenId(id);
        }}
      />
      <RegisterDrawer id={openId} onClose={() => setOpenId(null)} onChanged={load} />
    </>
  );
}
