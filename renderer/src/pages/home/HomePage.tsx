import { Alert, Button, Card, Col, Row, Space, Spin, Statistic } from 'antd';
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardData } from '../../../../shared/contract/dashboard.contract';
import { api } from '../../lib/api';
import { loadDashboardCharts } from '../../lib/code-ahead';
import { errorText } from '../../lib/errors';
import { useAreaChanges } from '../../lib/live-areas';
import { TodayTiles } from './TodayTiles';

// The chart library is most of the bundle: its own chunk, read while the sign-in screen waits (code-ahead.ts).
const DashboardCharts = lazy(() => loadDashboardCharts().then((m) => ({ default: m.DashboardCharts })));

/** 首页: what needs doing today and how the archive stands. Counts only, so every role sees it. */
export function HomePage() {
  const { t } = useTranslation();
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.dashboard.get({});
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setData(r.value);
  }, []);
  // On an office server, any change at another PC that moves a count: reload at once.
  useAreaChanges(['lending', 'records', 'lookups', 'review', 'retention', 'appraisal', 'destruction', 'backup'], () => void load());
  useEffect(() => {
    void load();
    // The home page is often left open on the desk; keep its numbers current without a click.
    const timer = setInterval(() => void load(), 60_000);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div data-testid="home-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }}>
        <Button size="small" onClick={load} data-testid="home-refresh">
          {t('home.refresh')}
        </Button>
      </Space>
      {data && (
        <>
          <TodayTiles today={data.today} backupDue={data.backupDue} />
          <Card size="small" title={t('home.totals')} style={{ margin: '16px 0' }}>
            <Row gutter={16}>
              {(['residents', 'households', 'records', 'attachments'] as const).map((k) => (
                <Col key={k} xs={12} md={6}>
                  <Statistic title={t(`home.${k}`)} value={data.totals[k]} data-testid={`total-${k}`} />
                </Col>
              ))}
            </Row>
          </Card>
          <Suspense fallback={<Spin />}>
            <DashboardCharts data={data} />
          </Suspense>
        </>
      )}
    </div>
  );
}
