import { Alert, Button, Empty, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRequestRow } from '../../../../shared/contract/lookups.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { SubjectCell } from './LookupApprovals';
import { effectiveStatus, useLocalTime, STATUS_COLOR, useSubjectLabels } from './lookup-data';
import { useAreaChanges } from '../../lib/live-areas';

/** 我的查阅申请: the caller's own requests with their state and, once approved, the expiry. */
export function MyLookups() {
  const { t } = useTranslation();
  const localTime = useLocalTime();
  const [rows, setRows] = useState<AccessRequestRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const labels = useSubjectLabels(rows);

  const load = useCallback(async () => {
    const r = await api.lookups.mine({});
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setRows(r.value);
  }, []);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['lookups'], () => void load());

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="my-lookups">
      <Button size="small" onClick={() => void load()}>
        {t('lookups.reload')}
      </Button>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AccessRequestRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="my-lookups-table"
        locale={{ emptyText: <Empty description={t('lookups.noMine')} /> }}
        columns={[
          { title: t('lookups.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => localTime(v) },
          { title: t('lookups.subject'), dataIndex: 'subject', width: 220, render: (s: string) => <SubjectCell subject={s} label={labels[s]} /> },
          { title: t('lookups.purpose'), dataIndex: 'purpose', ellipsis: true },
          {
            title: t('lookups.status'),
            key: 's',
            width: 100,
            render: (_, r) => {
              const s = effectiveStatus(r);
              return (
                <Tag color={STATUS_COLOR[s]} data-testid="lookup-status" data-status={s}>
                  {t(`lookups.status_${s}`)}
                </Tag>
              );
            },
          },
          { title: t('lookups.decidedBy'), dataIndex: 'decidedBy', width: 100, render: (v: string | null) => v ?? '—' },
          { title: t('lookups.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string | null) => localTime(v) },
          { title: t('lookups.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '' },
        ]}
      />
    </Space>
  );
}
