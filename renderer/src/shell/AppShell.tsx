import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Activity, useEffect, useMemo, useState } from 'react';
import { isAllowed } from '../../../shared/permissions';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { api } from '../lib/api';
import { prefetchStructure } from '../lib/register-data';
import { isOfficeClient } from '../lib/live-areas';
import { useSession } from '../lib/session-context';
import { LockServerButton } from './LockServerButton';
import { NAV } from './nav';
import { NavContext } from './nav-context';

/** The page drawn ahead (see below). */
const AHEAD = 'residents';

export function AppShell() {
  const { t, i18n } = useTranslation();
  const { status, refresh } = useSession();
  const role = status.session!.role;
  const items = NAV.filter((n) => n.roles.includes(role));
  const [current, setCurrent] = useState(items[0]?.key ?? 'settings');
  // A page opened from elsewhere may be asked to show one of its tabs; the side menu opens pages plainly.
  const [tab, setTab] = useState<string | undefined>();
  // The page most opened after 首页 (住户) is drawn ahead, hidden, while another page is shown: React's
  // Activity renders it when the browser has nothing else to do and starts none of its effects (no
  // calls) until it is shown; the click then only shows it and starts them. Its first draw otherwise
  // ran between the click and the first rows (≈ 150 ms of a ≈ 350 ms first visit at 100k residents).
  // Each visit is a fresh page: leaving it draws a new one ahead (`visit`).
  const [visit, setVisit] = useState(0);
  const go = (key: string, wanted?: string) => {
    if (key !== current && !wanted) items.find((i) => i.key === key)?.askEarly?.();
    if (current === AHEAD && key !== AHEAD) setVisit((v) => v + 1);
    setTab(wanted);
    setCurrent(key);
  };
  const Page = (items.find((i) => i.key === current) ?? items[0]).page;
  const showsAhead = current === AHEAD && !tab;
  // The same element from draw to draw: showing it then re-draws nothing that was drawn ahead.
  const AheadPage = items.find((i) => i.key === AHEAD)?.page;
  const aheadPage = useMemo(() => AheadPage && <AheadPage key={`ahead:${visit}`} />, [AheadPage, visit]);
  const readsRegister = isAllowed(role, 'register.read');
  useEffect(() => (readsRegister ? prefetchStructure() : undefined), [readsRegister]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={180} theme="light" style={{ borderRight: '1px solid #eee' }}>
        <Typography.Title level={4} style={{ padding: '16px 20px 8px', margin: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ padding: '0 20px', display: 'block' }}>
          {status.communityName}
        </Typography.Text>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          onClick={(e) => go(e.key)}
          data-testid="side-nav"
          items={items.map((n) => ({ key: n.key, icon: n.icon, label: t(`nav.${n.key}`) }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            paddingInline: 24,
            borderBottom: '1px solid #eee',
          }}
        >
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {t(`nav.${current}`)}
          </Typography.Title>
          <Space>
            <span data-testid="whoami">{status.session!.displayName}</span>
            <Tag>{t(`roles.${role}`)}</Tag>
            <Button size="small" onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>
              {t('common.language')}
            </Button>
            {isOfficeClient && role === 'admin' && <LockServerButton onLocked={() => void refresh()} />}
            <Button
              size="small"
              onClick={async () => {
                await api.auth.signOut({});
                await refresh();
              }}
            >
              {t('common.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {/* Pages may send the user elsewhere (home tiles); only to entries this role has. */}
          <NavContext.Provider value={{ go, tab, canGo: (k) => items.some((i) => i.key === k) }}>
            {!showsAhead && <Page key={`${current}:${tab ?? ''}`} />}
            {aheadPage && (showsAhead || current !== AHEAD) && <Activity mode={showsAhead ? 'visible' : 'hidden'}>{aheadPage}</Activity>}
          </NavContext.Provider>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
