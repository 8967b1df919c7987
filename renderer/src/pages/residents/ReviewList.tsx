import { App, Button, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText } from '../../lib/errors';
import type { GridMove } from '../../../../shared/contract/roster.contract';
import { maskCitizenId } from '../../../../shared/domain/citizen-id';
import { gridMoveText } from './RosterDialogs';
import { useAreaChanges } from '../../lib/live-areas';

interface Pending {
  id: string;
  entity: string;
  entityId: string;
  op: string;
  after: string;
  proposedBy: string;
  proposedAt: string;
  status: string;
}

function summary(p: Pending, t: TFunction): string {
  try {
    const a = JSON.parse(p.after) as Record<string, unknown>;
    // A proposed life event: its date and what was entered (the person is named on approval's timeline).
    if (p.entity === 'life_event') return [a.on, a.destination, a.reason, a.room].filter(Boolean).join(' · ');
    // A roster batch: how many residents and what changes.
    if (Array.isArray(a.residentIds)) {
      const n = (k: string) => (Array.isArray(a[k]) ? (a[k] as unknown[]).length : 0);
      const base = t('register.batchSummary', {
        n: a.residentIds.length,
        add: n('addTagIds'),
        remove: n('removeTagIds'),
        type: a.residentType ? t(`register.batchType_${String(a.residentType)}`) : '—',
      });
      // A grid move names what it really moves: whole buildings, with people nobody selected.
      const move = a.gridMove as GridMove | undefined;
      if (!move) return base;
      const unselected = move.unselected ? ` ${t('roster.gridMoveUnselected', { n: move.unselected })}` : '';
      return `${base} · ${gridMoveText(move, t)}${unselected}`;
    }
    return [a.name, a.room, maskCitizenId(a.citizenId ? String(a.citizenId) : null), a.phone].filter(Boolean).join(' · ');
  } catch {
    return '';
  }
}

function kindOf(p: Pending): string {
  try {
    return String((JSON.parse(p.after) as { kind?: string }).kind ?? '');
  } catch {
    return '';
  }
}

/** 待审核: entries waiting for a keeper (another person than the proposer) to approve. */
export function ReviewList({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Pending[]>([]);
  const [note, setNote] = useState('');
  const load = useCallback(async () => {
    const r = await api.review.list({});
    if (r.ok) setRows(r.value.filter((p) => p.status === 'pending'));
  }, []);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['households', 'residents', 'lifeEvents', 'roster', 'structure', 'tags', 'review', 'importer'], () => void load());

  const act = async (p: Promise<{ ok: true } | { ok: false; error: Parameters<typeof errorText>[0] }>, done: string) => {
    const r = await p;
    if (!r.ok) void message.error(errorText(r.error));
    else void message.success(done);
    await load();
    onChanged();
  };

  return (
    <Table<Pending>
      rowKey="id"
      size="small"
      dataSource={rows}
      data-testid="review-table"
      pagination={{ pageSize: 50 }}
      columns={[
        {
          title: t('register.reviewEntity'),
          dataIndex: 'entity',
          width: 90,
          render: (e: string, p) => (
            <Space>
              <Tag>{e === 'life_event' ? t('life.entity_life_event') : t(`register.entity_${e}`, e)}</Tag>
              {e === 'life_event' ? t(`life.kind_${kindOf(p)}`) : t(`register.op_${p.op}`, p.op)}
            </Space>
          ),
        },
        { title: t('register.reviewSummary'), key: 's', render: (_, p) => summary(p, t) },
        { title: t('register.proposedBy'), dataIndex: 'proposedBy', width: 110 },
        { title: t('register.proposedAt'), dataIndex: 'proposedAt', width: 170, render: (v: string) => at.time(v) },
        {
          title: t('common.actions'),
          key: 'a',
          width: 170,
          render: (_, p) => (
            <Space size={4}>
              <Button size="small" type="primary" onClick={() => void act(api.review.approve({ id: p.id }), t('register.approved'))}>
                {t('register.approve')}
              </Button>
              <Popconfirm
                title={t('register.rejectNote')}
                description={<Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />}
                onOpenChange={(o) => o && setNote('')}
                onConfirm={() => void act(api.review.reject({ id: p.id, note: note || undefined }), t('register.rejected'))}
              >
                <Button size="small" danger>
                  {t('register.reject')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}
