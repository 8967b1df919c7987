import { Card, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LifeEventRow } from '../../../../shared/contract/life-events.contract';
import { isAllowed } from '../../../../shared/permissions';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { useSession } from '../../lib/session-context';

const COLORS: Record<string, string> = { move_out: 'orange', death: 'gray', move_in: 'green', death_revoked: 'green', split: 'blue', merge: 'purple' };

/** What the keeper entered, in words: destination, new address, reason. */
function facts(e: LifeEventRow, t: (k: string, o: Record<string, unknown>) => string): string[] {
  const d = e.details as Record<string, string | null | undefined>;
  const out: string[] = [];
  if (d.destination) out.push(t('life.to', { v: d.destination }));
  if (e.kind === 'merge') {
    if (d.intoAddress) out.push(t('life.into', { v: d.intoAddress }));
  } else if (d.address && e.kind !== 'move_out' && e.kind !== 'death' && e.kind !== 'set_head') out.push(t('life.address', { v: d.address }));
  if (d.fromAddress && e.kind !== 'merge') out.push(t('life.from', { v: d.fromAddress }));
  if (d.reason) out.push(t('life.why', { v: d.reason }));
  if (d.note) out.push(d.note);
  return out;
}

/** 人口变动记录: a resident's or household's life events, oldest first, for keepers and administrators. */
export function LifeEventTimeline({ subject, version }: { subject: string; version: number }) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const role = useSession().status.session?.role;
  const allowed = isAllowed(role, 'lifeEvents.read');
  const [rows, setRows] = useState<LifeEventRow[]>([]);
  useEffect(() => {
    if (allowed) void api.lifeEvents.list({ subject }).then((r) => r.ok && setRows(r.value));
  }, [subject, version, allowed]);
  if (!allowed) return null;
  return (
    <Card size="small" title={t('life.timeline')} style={{ marginTop: 12 }} data-testid="life-timeline">
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('life.timelineEmpty')} />
      ) : (
        <Timeline
          items={rows.map((e) => ({
            color: COLORS[e.kind] ?? 'blue',
            content: (
              <div data-testid="life-event" data-kind={e.kind}>
                <Space wrap size={4}>
                  <Typography.Text strong>{e.occurredOn}</Typography.Text>
                  <Tag color={COLORS[e.kind]}>{t(`life.kind_${e.kind}`)}</Tag>
                  {e.counterOf && <Tag>{t('life.counter')}</Tag>}
                  {facts(e, (k, o) => t(k, o)).map((f) => (
                    <Typography.Text key={f}>{f}</Typography.Text>
                  ))}
                </Space>
                <div>
                  <Typography.Text type="secondary">
                    {[t('life.by', { who: e.recordedBy }), e.proposedBy ? t('life.proposedBy', { who: e.proposedBy }) : null, at.time(e.recordedAt)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
