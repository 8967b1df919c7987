import { Bar, Column, Line, Pie } from '@ant-design/plots';
import { Card, Col, Empty, Row, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountRow, DashboardData } from '../../../../shared/contract/dashboard.contract';

const HEIGHT = 260;

/** One card per chart, with an empty state instead of a blank canvas when there is nothing to count. */
function ChartCard({ id, title, empty, children }: { id: string; title: string; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={`chart-${id}`} styles={{ body: { height: HEIGHT + 24 } }}>
      {empty ? <Empty description={t('home.noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : children}
    </Card>
  );
}

/**
 * The charts (@ant-design/plots, i.e. AntV G2), themed from the antd tokens so they follow the
 * app's primary colour and text colours. The data are counts only; no names ever reach here.
 */
export function DashboardCharts({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  // Shared look: antd text colours on axes and labels, the primary colour for single-series marks.
  const common = {
    height: HEIGHT,
    autoFit: true,
    theme: { color: token.colorPrimary, fontFamily: token.fontFamily },
    axis: { x: { labelFill: token.colorTextSecondary, title: false }, y: { labelFill: token.colorTextSecondary, title: false } },
    style: { fill: token.colorPrimary, maxWidth: 56 },
  };
  // Counts sit inside the bars in the light text colour, readable on the primary and tag colours.
  const countLabel = { text: 'count', style: { fill: token.colorWhite, fontWeight: 600 } };
  const col = (rows: CountRow[]) => ({ ...common, data: rows, xField: 'label', yField: 'count', label: countLabel });

  // Each tag keeps its own colour, and its code sits in the label so the chart still reads in grey.
  const tags = data.householdsByTag.map((r) => ({ ...r, name: `${r.code} ${r.label}` }));
  const tagChart = {
    ...common,
    style: { maxWidth: 56 },
    data: tags,
    xField: 'name',
    yField: 'count',
    colorField: 'name',
    scale: { color: { domain: tags.map((r) => r.name), range: tags.map((r) => r.color) } },
    legend: false,
    label: countLabel,
  };

  return (
    <Row gutter={[16, 16]} data-testid="dashboard-charts">
      <Col xs={24} lg={12}>
        <ChartCard id="byCategory" title={t('home.byCategory')} empty={!data.recordsByCategory.length}>
          <Bar {...col(data.recordsByCategory)} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byGrid" title={t('home.byGrid')} empty={!data.recordsByGrid.length}>
          <Bar {...col(data.recordsByGrid)} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byTag" title={t('home.byTag')} empty={!tags.length}>
          <Column {...tagChart} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byTagShare" title={`${t('home.byTag')} %`} empty={!tags.some((r) => r.count > 0)}>
          <Pie {...common} style={undefined} data={tags.filter((r) => r.count > 0)} angleField="count" colorField="name"
            scale={{ color: { domain: tags.map((r) => r.name), range: tags.map((r) => r.color) } }}
            label={{ text: 'name', position: 'outside', style: { fill: token.colorText } }} legend={false} innerRadius={0.5} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="loansByMonth" title={t('home.loansByMonth')} empty={!data.loansByMonth.length}>
          <Line {...common} style={{ stroke: token.colorPrimary, lineWidth: 2 }} data={data.loansByMonth} xField="label" yField="count" point={{ style: { fill: token.colorPrimary } }} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byRetention" title={t('home.byRetention')} empty={!data.recordsByRetention.length}>
          <Column {...col(data.recordsByRetention)} />
        </ChartCard>
      </Col>
      <Col xs={24}>
        <ChartCard id="byDueYear" title={t('home.byDueYear')} empty={!data.recordsByDueYear.length}>
          <Column {...col(data.recordsByDueYear)} />
        </ChartCard>
      </Col>
    </Row>
  );
}
