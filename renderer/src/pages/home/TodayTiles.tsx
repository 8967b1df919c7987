import { Card, Col, Row, Statistic, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardData } from '../../../../shared/contract/dashboard.contract';
import { useNav } from '../../shell/nav-context';

type Today = DashboardData['today'];

/** Which side-navigation entry holds the list behind each number. */
const TILES: { key: keyof Today; target: string; tab?: string; warnAbove?: number }[] = [
  { key: 'overdueLoans', target: 'lending', tab: 'overdue', warnAbove: 0 },
  { key: 'loansDueThisWeek', target: 'lending', tab: 'dueSoon' },
  { key: 'dueForAppraisal', target: 'retention' },
  { key: 'destructionWaiting', target: 'destruction' },
  { key: 'pendingReviews', target: 'records' },
  { key: 'lookupRequestsWaiting', target: 'residents' },
  { key: 'daysSinceBackup', target: 'data', warnAbove: 7 },
];

/**
 * 今日待办: one tile per number, each a click away from its list. A tile whose page the role
 * cannot open (an auditor and lending, say) shows the number without a link.
 */
export function TodayTiles({ today }: { today: Today }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const nav = useNav();
  return (
    <Card size="small" title={t('home.today')}>
      <Row gutter={[12, 12]}>
        {TILES.map(({ key, target, tab, warnAbove }) => {
          const v = today[key];
          const link = nav.canGo(target);
          // No backup yet is the worst case, not "0 days", so it is flagged like an old backup.
          const warn = v === null || (warnAbove !== undefined && v > warnAbove);
          return (
            <Col key={key} xs={12} md={8} xl={6} xxl={3}>
              <Card
                size="small"
                hoverable={link}
                onClick={link ? () => nav.go(target, tab) : undefined}
                data-testid={`tile-${key}`}
                data-value={v ?? ''}
                role={link ? 'link' : undefined}
                aria-label={t(`home.${key}`)}
                style={{ cursor: link ? 'pointer' : 'default', height: '100%' }}
              >
                <Statistic
                  title={t(`home.${key}`)}
                  value={v ?? t('home.neverBackedUp')}
                  styles={{ content: { color: warn ? token.colorError : token.colorText } }}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
