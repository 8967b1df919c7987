import { Button, Input, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow, RegisterFilters, TagRow } from '../../../../shared/contract/register.contract';
import { TagChips } from '../../components/TagChip';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { TagSelect } from './TagSelect';
import { Shielded } from '../../components/Shielded';

export const PAGE_SIZES = [100, 200, 500, 1000];

/** Households of the selected node: server paging, virtual rows so large pages stay smooth. */
export function HouseholdsTable({
  filter,
  tags,
  version,
  canWrite,
  onEdit,
  onOpen,
}: {
  filter: RegisterFilters;
  tags: TagRow[];
  version: number;
  canWrite: boolean;
  onEdit: (h: HouseholdRow) => void;
  onOpen: (h: HouseholdRow) => void;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<HouseholdRow[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState({ current: 1, size: 200 });
  const [tagId, setTagId] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const r = await api.households.list({ ...filter, tagId, text: text || undefined, offset: (page.current - 1) * page.size, limit: page.size });
    setLoading(false);
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setRows(r.value.rows);
    setTotal(r.value.total);
  }, [filter, tagId, text, page]);
  useEffect(() => void load(), [load, version]);
  useEffect(() => setPage((p) => (p.current === 1 ? p : { ...p, current: 1 })), [filter, tagId, text]);

  return (
    <>
      <Space style={{ marginBottom: 8 }} wrap>
        <Input.Search allowClear placeholder={t('register.filterAddress')} onSearch={setText} style={{ width: 220 }} data-testid="household-filter-text" />
        <TagSelect single allowClear tags={tags} value={tagId} onChange={(v) => setTagId(v)} placeholder={t('register.filterTag')} style={{ width: 200 }} />
        {error && <Tag color="red">{error}</Tag>}
      </Space>
      <Table<HouseholdRow>
        data-testid="households-table"
        rowKey="id"
        size="small"
        virtual
        scroll={{ x: 900, y: 520 }}
        loading={loading}
        dataSource={rows}
        onRow={(h) => ({ onDoubleClick: () => onOpen(h) })}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (n) => t('register.totalHouseholds', { n }),
          onChange: (current, size) => setPage({ current, size }),
        }}
        columns={[
          { title: t('register.room'), dataIndex: 'room', width: 80, fixed: 'left' },
          {
            title: t('register.address'),
            dataIndex: 'address',
            width: 260,
            ellipsis: true,
            render: (a: string, h) =>
              h.status === 'merged' ? (
                <Space size={4}>
                  {a}
                  <Tag color="purple">{t('life.status_merged')}</Tag>
                </Space>
              ) : (
                a
              ),
          },
          { title: t('register.head'), dataIndex: 'headName', width: 100, render: (v: string | null, r) => (r.shielded ? <Shielded /> : (v ?? '—')) },
          { title: t('register.members'), dataIndex: 'memberCount', width: 70, render: (n: number, r) => (r.shielded ? '—' : n) },
          { title: t('register.tags'), dataIndex: 'tagIds', width: 260, render: (ids: string[]) => <TagChips tagIds={ids} tags={tags} /> },
          {
            title: t('register.reviewStatus'),
            dataIndex: 'reviewStatus',
            width: 90,
            render: (s: string) => (s === 'approved' ? null : <Tag color="orange">{t(`register.review_${s}`, s)}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            fixed: 'right',
            render: (_, h) => (
              <Space size={4}>
                <Button size="small" onClick={() => onOpen(h)} data-testid="open-household">
                  {t('register.residentsOf')}
                </Button>
                {canWrite && (
                  <Button size="small" onClick={() => onEdit(h)}>
                    {t('register.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
