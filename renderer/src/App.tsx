import { Alert, App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthStatus } from '../../shared/contract/auth.contract';
import { api } from './lib/api';
import { loadShell } from './lib/code-ahead';
import { useActivityPing } from './lib/use-activity';
import { useOnline } from './lib/connection';
import { useReducedMotion } from './lib/use-reduced-motion';
import { SessionContext } from './lib/session-context';
import { ChangePasswordScreen } from './screens/ChangePasswordScreen';
import { LockScreen } from './screens/LockScreen';
import { SetupWizard } from './screens/SetupWizard';
import { SignInScreen } from './screens/SignInScreen';

// The shell and every page behind it are not in the first screen's script (it stays small): they are
// read while the sign-in screen waits (code-ahead.ts).
const AppShell = lazy(() => loadShell().then((m) => ({ default: m.AppShell })));

/**
 * One pinned font stack: Noto Sans CJK SC (the face the printed PDFs use, and what the CI machine
 * has) before the Windows and macOS system faces, so a screen looks the same wherever it is tested.
 */
export const FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
const FONT_FAMILY_CODE = "'Noto Sans Mono CJK SC', 'Noto Sans Mono', Consolas, 'Courier New', monospace";

/** Top-level state machine: first run → sign-in → (must change password) → shell ⇄ lock. */
export function App() {
  const { i18n, t } = useTranslation();
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [setupDone, setSetupDone] = useState(true);
  const reducedMotion = useReducedMotion();
  const online = useOnline();

  const refresh = useCallback(async () => {
    const r = await api.auth.status({});
    if (r.ok) setStatus(r.value);
  }, []);

  useEffect(() => {
    void refresh();
    // Polling notices the idle lock (decided on the Node side) even when nobody clicks, and, more
    // often while the server is unreachable, when it is back.
    const timer = setInterval(() => void refresh(), online ? 5000 : 1500);
    return () => clearInterval(timer);
  }, [refresh, online]);

  useActivityPing(status?.state === 'signed-in', refresh);

  let body;
  if (!status) body = <Spin style={{ marginTop: 120, width: '100%' }} />;
  else if (!status.setUp || !setupDone)
    body = (
      <SetupWizard
        onBusy={() => setSetupDone(false)}
        onDone={() => {
          setSetupDone(true);
          void refresh();
        }}
      />
    );
  else if (status.state === 'signed-out') body = <SignInScreen onSignedIn={refresh} serverLocked={status.serverLocked === true} />;
  else if (status.state === 'locked') body = <LockScreen onUnlocked={refresh} />;
  else if (status.session?.mustChangePassword) body = <ChangePasswordScreen forced onDone={refresh} />;
  else
    body = (
      <Suspense fallback={<Spin style={{ marginTop: 120, width: '100%' }} />}>
        <AppShell />
      </Suspense>
    );

  return (
    // Zero-runtime antd: component styles come from antd's own stylesheet (main.tsx), not generated in
    // the page; a page visit re-generated the styles of every component type it mounted (≈ 1/3 of the
    // 住户 first draw). The theme's tokens still apply, as CSS variables.
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{
        zeroRuntime: true,
        token: { colorPrimary: '#8b4513', borderRadius: 4, fontFamily: FONT_FAMILY, fontFamilyCode: FONT_FAMILY_CODE, motion: !reducedMotion },
      }}
    >
      {/* A toast's timer runs on under the pointer: one that lands on a drawer's close button would
          otherwise stay there, and the button under it, for as long as the pointer rests. */}
      <AntApp message={{ pauseOnHover: false }}>
        {!online && (
          // Over the screen, not instead of it: forms stay open with what was typed.
          <Alert
            data-testid="offline-banner"
            type="warning"
            showIcon
            banner
            title={t('common.offline')}
            style={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: 2000 }}
          />
        )}
        <SessionContext.Provider value={status ? { status, refresh } : null}>{body}</SessionContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
