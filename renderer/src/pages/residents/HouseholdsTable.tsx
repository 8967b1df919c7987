import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow, RegisterFilters, TagRow } from '../../../../shared/contract/register.contract';
import { TagChips } from '../../components/TagChip';
import { api } from '../../lib/api';
import { askEarly, takeEarly } from '../../lib/ask-early';
import { useKeysetList } from '../../lib/use-keyset-list';
import { TagSelect } from './TagSelect';
import { Shielded } from '../../components/Shielded';

const PAGE_SIZE = 100;

/** The list's request: one builder for the table and for the first page asked for at the click on 住户. */
const pageRequest = (filter: RegisterFilters, tagId?: string, text?: string, after?: string) => ({
  ...filter,
  ...(tagId ? { tagId } : {}),
  ...(text ? { text } : {}),
  limit: PAGE_SIZE,
  ...(after ? { after } : {}),
});

/** Asks for every household's first page as the keeper opens 住户 (the page shows all at first). */
export function askHouseholdsEarly(): void {
  askEarly('households.list', api.households.list, pageRequest({}));
}

/**
 * Households of the selected node in reading order: a virtual table paged by keyset, the next page
 * asked for as the keeper scrolls near the end of what is loaded (a street's last household costs
 * what its first does; no page numbers).
 */
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
  const [tagId, setTagId] = useState<string | undefined>();
  const [text, setText] = useState('');
  const fetchPage = useCallback(
    (after: string | undefined) => {
      const req = pageRequest(filter, tagId, text, after);
      return after ? api.households.list(req) : takeEarly('households.list', api.households.list, req);
    },
    [filter, tagId, text],
  );
  const { rows, total, loading, error, onScroll } = useKeysetList(fetchPage, version);

  return (
    <>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text data-testid="households-total" data-total={total}>
          {t('register.totalHouseholds', { n: total })}
        </Typography.Text>
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
        loading={loading && rows.length === 0}
        dataSource={rows}
        pagination={false}
        onScroll={onScroll}
        onRow={(h) => ({ onDoubleClick: () => onOpen(h) })}
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
      <Typography.Text type="secondary" data-testid="households-loaded" data-loaded={rows.length}>
        {t('register.loadedHouseholds', { n: rows.length, total })}
      </Typography.Text>
    </>
  );
}
