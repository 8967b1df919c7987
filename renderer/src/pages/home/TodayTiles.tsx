import { Card, Col, Row, Statistic, Typography, theme } from 'antd';
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
 * 今日待办: one tile per number, each a click away from its list. The Node side sends only the
 * work the signed-in role can do (shared/domain/home-tiles.ts), so a clerk sees no approval tiles
 * and an auditor none at all; a tile whose page is still closed shows its number without a link.
 */
export function TodayTiles({ today, backupDue }: { today: Today; backupDue?: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const nav = useNav();
  const shown = TILES.filter(({ key }) => key in today);
  return (
    <Card size="small" title={t('home.today')} data-testid="today-tiles">
      {shown.length === 0 && <Typography.Text type="secondary">{t('home.noTodayWork')}</Typography.Text>}
      <Row gutter={[12, 12]}>
        {shown.map(({ key, target, tab, warnAbove }) => {
          const v = today[key] ?? null;
          const link = nav.canGo(target);
          // No backup yet is the worst case, not "0 days", so it is flagged like an old backup.
          // The backup tile follows the reminder (its days, or a missed schedule) when the Node side sends it.
          const warn = key === 'daysSinceBackup' && backupDue !== undefined ? backupDue : v === null || (warnAbove !== undefined && v > warnAbove);
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
