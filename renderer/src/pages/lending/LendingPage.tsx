import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaChanges } from '../../lib/live-areas';
import { useNav } from '../../shell/nav-context';
import { CheckoutWizard } from './CheckoutWizard';
import { LendingStats } from './LendingStats';
import { LoanHistory } from './LoanHistory';
import { LoansTable } from './LoansTable';

/** 借阅: what is out, overdue and due soon; the history; statistics; and the check-out wizard. */
export function LendingPage() {
  const { t } = useTranslation();
  // Opened from the home page's 逾期未还 / 本周到期 tiles: straight to that list.
  const nav = useNav();
  const [tab, setTab] = useState(nav.tab ?? 'out');
  const [wizard, setWizard] = useState(false);
  // One counter for all tabs: an action in one tab (return, recall, renew) changes what the others show.
  const [reloadKey, setReloadKey] = useState(0);
  const bump = () => setReloadKey((k) => k + 1);
  // On an office server, a loan or return made at another PC shows here without a reload.
  useAreaChanges(['lending', 'records'], bump);

  const list = (state: 'out' | 'overdue' | 'dueSoon') => <LoansTable state={state} reloadKey={reloadKey} onChanged={bump} />;

  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          bump();
        }}
        data-testid="lending-tabs"
        tabBarExtraContent={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={bump}>
              {t('lending.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setWizard(true)} data-testid="new-loan">
              {t('lending.newLoan')}
            </Button>
          </Space>
        }
        items={[
          { key: 'out', label: t('lending.tabOut'), children: list('out') },
          { key: 'overdue', label: t('lending.tabOverdue'), children: list('overdue') },
          { key: 'dueSoon', label: t('lending.tabDueSoon'), children: list('dueSoon') },
          { key: 'all', label: t('lending.tabAll'), children: <LoanHistory reloadKey={reloadKey} onChanged={bump} /> },
          { key: 'stats', label: t('lending.tabStats'), children: <LendingStats reloadKey={reloadKey} /> },
        ]}
      />
      <CheckoutWizard open={wizard} onClose={() => setWizard(false)} onIssued={bump} />
    </>
  );
}
