import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag, theme } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DueRow } from '../../../../shared/contract/retention.contract';
import { DUE_BUCKET_LABELS, DUE_BUCKETS, type DueBucket } from '../../../../shared/domain/retention';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText } from '../../lib/errors';
import { ClockModal } from './ClockModal';
import { CreateBatchModal } from './CreateBatchModal';
import { HoldModal } from './HoldModal';
import { termText } from './term';
import { useAreaChanges } from '../../lib/live-areas';

/** The list opens on what needs appraisal now; other buckets are a chip away. */
const DEFAULT: DueBucket[] = ['overdue', 'due_this_year', 'due_next_year'];

/**
 * 到期档案: records by where they stand on the retention clock. Held rows stay visible (marked)
 * so the keeper sees why they cannot be appraised for destruction, but cannot be selected.
 */
export function DueList({ onBatchCreated }: { onBatchCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [buckets, setBuckets] = useState<DueBucket[]>(DEFAULT);
  const [rows, setRows] = useState<DueRow[]>([]);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [holdFor, setHoldFor] = useState<DueRow | null>(null);
  const [clockFor, setClockFor] = useState<DueRow | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    const r = await api.retention.dueList({ buckets, limit: 2000 });
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setRows(r.value.rows);
    setCounts(r.value.counts);
    setPicked((p) => p.filter((id) => r.value.rows.some((x) => x.recordId === id && !x.held)));
  }, [buckets]);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['retention', 'appraisal', 'destruction', 'records'], () => void load());

  const toggle = (b: DueBucket, on: boolean) => setBuckets((cur) => (on ? [...cur, b] : cur.filter((x) => x !== b)));

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }} data-testid="due-buckets">
        {DUE_BUCKETS.map((b) => (
          <Tag.CheckableTag key={b} checked={buckets.includes(b)} onChange={(on) => toggle(b, on)} data-testid={`bucket-${b}`}>
            {bi(DUE_BUCKET_LABELS[b])} ({counts[b] ?? 0})
          </Tag.CheckableTag>
        ))}
      </Space>
      <Space style={{ marginBottom: 12, display: 'flex' }}>
        <Button type="primary" disabled={!picked.length} onClick={() => setCreating(true)} data-testid="create-batch">
          {t('retention.createBatch')}
        </Button>
        <Button onClick={load}>{t('retention.reload')}</Button>
        {picked.length > 0 && <span>{t('retention.selected', { n: picked.length })}</span>}
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<DueRow>
        rowKey="recordId"
        size="small"
        dataSource={rows}
        data-testid="due-table"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50 }}
        locale={{ emptyText: t('retention.noDue') }}
        rowSelection={{ selectedRowKeys: picked, onChange: (k) => setPicked(k as string[]), getCheckboxProps: (r) => ({ disabled: r.held }) }}
        onRow={(r) => ({ style: r.held ? { background: token.colorFillTertiary } : undefined, 'data-held': r.held ? 'true' : undefined }) as never}
        columns={[
          { title: t('retention.archiveNo'), dataIndex: 'archiveNo', fixed: 'left' },
          { title: t('retention.title'), dataIndex: 'title' },
          { title: t('retention.year'), dataIndex: 'year', width: 70 },
          { title: t('retention.term'), dataIndex: 'term', render: termText },
          { title: t('retention.startDate'), dataIndex: 'startDate' },
          { title: t('retention.dueDate'), dataIndex: 'dueDate' },
          { title: t('retention.yearsKept'), dataIndex: 'yearsKept', width: 90 },
          {
            title: t('retention.bucket'),
            dataIndex: 'bucket',
            render: (b: DueBucket) => <Tag color={b === 'overdue' ? 'red' : b === 'due_this_year' ? 'orange' : undefined}>{bi(DUE_BUCKET_LABELS[b])}</Tag>,
          },
          {
            title: t('retention.held'),
            dataIndex: 'held',
            render: (h: boolean) =>
              h ? (
                <Tag icon={<LockOutlined />} color="purple" data-testid="held-mark">
                  {t('retention.heldYes')}
                </Tag>
              ) : null,
          },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, r) => (
              <Space size={4}>
                <Button size="small" onClick={() => setHoldFor(r)} data-testid="row-hold">
                  {t('retention.holds')}
                </Button>
                <Button size="small" onClick={() => setClockFor(r)} data-testid="row-clock">
                  {t('retention.clock')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <HoldModal row={holdFor} onClose={() => setHoldFor(null)} onChanged={load} />
      <ClockModal
        row={clockFor}
        onClose={() => setClockFor(null)}
        onChanged={() => {
          setClockFor(null);
          void load();
        }}
      />
      <CreateBatchModal
        open={creating}
        recordIds={picked}
        onClose={() => setCreating(false)}
        onDone={(id) => {
          setCreating(false);
          setPicked([]);
          onBatchCreated(id);
        }}
      />
    </>
  );
}
