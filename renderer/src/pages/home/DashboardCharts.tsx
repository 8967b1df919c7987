import { Bar, Column, Line, Pie } from '@ant-design/plots';
import { Card, Col, Empty, Row, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountRow, DashboardData } from '../../../../shared/contract/dashboard.contract';

const HEIGHT = 260;
/** Bars a category chart draws at most (a street office holds hundreds of grids). */
const MAX_BARS = 12;

/**
 * At most MAX_BARS bars: with more rows, the largest MAX_BARS - 1 in their own order and one bar
 * for the rest. Hundreds of grids drawn one bar each are unreadable in a card this size, and laying
 * out their labels kept the page busy for seconds after the keeper had moved on to another screen.
 */
export function fewBars(rows: CountRow[], rest: (n: number) => string): CountRow[] {
  if (rows.length <= MAX_BARS) return rows;
  const keep = new Set([...rows].sort((a, b) => b.count - a.count).slice(0, MAX_BARS - 1));
  const others = rows.filter((r) => !keep.has(r));
  const shown = rows.filter((r) => keep.has(r));
  return [...shown, { key: '(rest)', label: rest(others.length), count: others.reduce((n, r) => n + r.count, 0) }];
}

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
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { token } = theme.useToken();
  // Shared look: antd text colours on axes and labels, the primary colour for single-series marks.
  // Reduced motion (an OS setting; the screenshot tests ask for it too) draws the charts without their entry animation.
  const still = typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  const common = {
    height: HEIGHT,
    ...(still ? { animate: false as const } : {}),
    autoFit: true,
    theme: { color: token.colorPrimary, fontFamily: token.fontFamily },
    // Category labels stay horizontal (G2 would turn crowded ones by up to 90°); long ones wrap instead.
    axis: {
      x: { labelFill: token.colorTextSecondary, title: false, labelAutoRotate: false, labelAutoWrap: true, labelAutoHide: false },
      y: { labelFill: token.colorTextSecondary, title: false, labelAutoRotate: false },
    },
    style: { fill: token.colorPrimary, maxWidth: 56 },
  };
  // Counts sit inside the bars in the light text colour, readable on the primary and tag colours.
  const countLabel = { text: 'count', style: { fill: token.colorWhite, fontWeight: 600 } };
  const col = (rows: CountRow[]) => ({ ...common, data: rows, xField: 'label', yField: 'count', label: countLabel });

  // Each tag keeps its own colour, and its code sits in the label so the chart still reads in grey.
  // A discreet tag arrives as its code only (the Node side never sends its name to the home page).
  const tags = data.householdsByTag.map((r) => ({ ...r, name: r.discreet ? r.code : `${r.code} ${r.label}` }));
  const tagColours = { domain: tags.map((r) => r.key), range: tags.map((r) => r.color) };
  const tagName = new Map(tags.map((r) => [r.key, r.name]));
  // Tooltips name the tag as the axis does (the colour channel holds the tag id).
  const tagTooltip = { title: (d: { name: string }) => d.name, items: [(d: { name: string; count: number }) => ({ name: d.name, value: d.count })] };
  // Horizontal bars: nine tag names side by side under columns would have to turn 90° to fit.
  const tagChart = {
    ...common,
    style: { maxWidth: 24 },
    data: tags,
    xField: 'key',
    yField: 'count',
    colorField: 'key',
    scale: { color: tagColours },
    axis: { ...common.axis, x: { ...common.axis.x, labelFormatter: (k: string) => tagName.get(k) ?? k } },
    tooltip: tagTooltip,
    legend: false,
    label: countLabel,
  };

  return (
    <Row gutter={[16, 16]} data-testid="dashboard-charts">
      <Col xs={24} lg={12}>
        <ChartCard id="byCategory" title={t('home.byCategory')} empty={!data.recordsByCategory.length}>
          <Bar {...col(data.recordsByCategory.map((r) => (en && r.labelEn ? { ...r, label: r.labelEn } : r)))} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byGrid" title={t('home.byGrid')} empty={!data.recordsByGrid.length}>
          <Bar {...col(fewBars(data.recordsByGrid, (n) => t('home.otherGrids', { n })))} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byTag" title={t('home.byTag')} empty={!tags.length}>
          <Bar {...tagChart} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="byTagShare" title={`${t('home.byTag')} %`} empty={!tags.some((r) => r.count > 0)}>
          <Pie
            {...common}
            style={undefined}
            data={tags.filter((r) => r.count > 0)}
            angleField="count"
            colorField="key"
            scale={{ color: tagColours }}
            tooltip={tagTooltip}
            label={{ text: 'name', position: 'outside', style: { fill: token.colorText } }}
            legend={false}
            innerRadius={0.5}
          />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="loansByMonth" title={t('home.loansByMonth')} empty={!data.loansByMonth.length}>
          <Line
            {...common}
            style={{ stroke: token.colorPrimary, lineWidth: 2 }}
            data={data.loansByMonth}
            xField="label"
            yField="count"
            point={{ style: { fill: token.colorPrimary } }}
          />
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
