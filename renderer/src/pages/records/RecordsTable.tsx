import { Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordRow, RegisterFilters } from '../../../../shared/contract/register.contract';
import { CARRIER_LABELS, RETENTION_LABELS } from '../../../../shared/domain/archive-types';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { label, useCategories } from '../../lib/register-data';
import { StatusTag } from './record-labels';
import { Shielded } from '../../components/Shielded';

export type RecordFilters = RegisterFilters & { residentId?: string; householdId?: string };

/** Archive records: server paging, virtual rows (a page of 1000 stays smooth). */
export function RecordsTable({ filters, version, onOpen }: { filters: RecordFilters; version: number; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<RecordRow[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState({ current: 1, size: 200 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { name: categoryName } = useCategories();

  useEffect(() => setPage((p) => (p.current === 1 ? p : { ...p, current: 1 })), [filters]);
  const load = useCallback(async () => {
    setLoading(true);
    const r = await api.records.list({ ...filters, offset: (page.current - 1) * page.size, limit: page.size });
    setLoading(false);
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setRows(r.value.rows);
    setTotal(r.value.total);
  }, [filters, page]);
  useEffect(() => void load(), [load, version]);

  return (
    <>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<RecordRow>
        data-testid="records-table"
        rowKey="id"
        size="small"
        virtual
        scroll={{ x: 1300, y: 480 }}
        loading={loading}
        dataSource={rows}
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total,
          showSizeChanger: true,
          pageSizeOptions: [100, 200, 500, 1000],
          showTotal: (n) => t('register.totalRecords', { n }),
          onChange: (current, size) => setPage({ current, size }),
        }}
        columns={[
          {
            title: t('register.f_archiveNo'),
            dataIndex: 'archiveNo',
            width: 190,
            fixed: 'left',
            render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
          },
          { title: t('register.f_title'), dataIndex: 'title', width: 260, ellipsis: true, render: (v: string, r) => (r.shielded ? <Shielded /> : v) },
          {
            title: t('register.f_belongsTo'),
            key: 'belongsTo',
            width: 200,
            ellipsis: true,
            render: (_: unknown, r) => (r.shielded ? <Shielded /> : (r.residentName ?? r.householdAddress ?? '—')),
          },
          { title: t('register.f_year'), dataIndex: 'year', width: 70 },
          { title: t('register.f_contentCategory'), dataIndex: 'contentCategory', width: 100, render: (v: string) => categoryName(v) },
          { title: t('register.f_carrier'), dataIndex: 'carrier', width: 100, render: (v: string) => label(CARRIER_LABELS, v) },
          {
            title: t('register.f_retentionClass'),
            dataIndex: 'retentionClass',
            width: 100,
            render: (v: string, r) => (v === 'CUSTOM' ? t('register.customYears', { n: r.retentionYears ?? '?' }) : label(RETENTION_LABELS, v)),
          },
          { title: t('register.f_pages'), dataIndex: 'pages', width: 60 },
          { title: t('register.f_location'), dataIndex: 'locationLabel', width: 180, ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('register.attachmentsShort'), dataIndex: 'attachmentCount', width: 60 },
          { title: t('register.f_status'), dataIndex: 'status', width: 90, fixed: 'right', render: (s: string) => <StatusTag status={s} /> },
        ]}
      />
    </>
  );
}
