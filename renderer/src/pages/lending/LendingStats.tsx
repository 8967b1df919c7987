import { Alert, Card, Col, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText } from '../../lib/errors';
import { kindLabel } from './lending-labels';

type Stats = { byMonth: { month: string; count: number }[]; byKind: { kind: string; count: number }[]; byOutcome: { outcome: string; count: number }[] };

/** 统计: loans in a year by month, by kind of use and by outcome of use (利用效果), as plain tables. */
export function LendingStats({ reloadKey }: { reloadKey: number }) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const [year, setYear] = useState(() => Number(at.today().slice(0, 4)));
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);

  useEffect(() => {
    let live = true;
    void api.lending.stats({ year }).then((r) => {
      if (!live) return;
      setStats(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [year, reloadKey]);

  const total = stats?.byMonth.reduce((n, m) => n + m.count, 0) ?? 0;
  const returned = stats?.byOutcome.reduce((n, m) => n + m.count, 0) ?? 0;
  const countCol = { title: t('lending.count'), dataIndex: 'count', width: 90 };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="lending-stats">
      <Space>
        <Typography.Text>{t('lending.year')}</Typography.Text>
        <InputNumber min={2000} max={2200} value={year} onChange={(v) => v && setYear(v)} aria-label={t('lending.year')} />
      </Space>
      {error && <Alert type="error" showIcon message={errorText(error)} />}
      <Row gutter={16}>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('lending.total')} value={total} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('lending.returnedTotal')} value={returned} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Card size="small" title={t('lending.byMonth')}>
            <Table
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={stats?.byMonth ?? []}
              columns={[{ title: t('lending.month'), dataIndex: 'month' }, countCol]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={t('lending.byKind')}>
            <Table
              rowKey="kind"
              size="small"
              pagination={false}
              dataSource={stats?.byKind ?? []}
              columns={[{ title: t('lending.kind'), dataIndex: 'kind', render: kindLabel }, countCol]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={t('lending.byOutcome')}>
            {/* The service labels a missing outcome '未填写'; translate that one word. */}
            <Table
              rowKey="outcome"
              size="small"
              pagination={false}
              dataSource={stats?.byOutcome ?? []}
              columns={[{ title: t('lending.outcome'), dataIndex: 'outcome', render: (o: string) => (o === '未填写' ? t('lending.noOutcome') : o) }, countCol]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
