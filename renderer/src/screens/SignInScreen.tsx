import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { readCodeAhead } from '../lib/code-ahead';
import { showFieldErrors } from '../lib/errors';
import { isOfficeClient } from '../lib/live-areas';
import { pcName, PC_NAME_MAX, setPcName } from '../lib/pc-name';
import { CenteredCard } from './CenteredCard';

/** `serverLocked`: an office server no administrator has unlocked since it started (only they get in). */
export function SignInScreen({ onSignedIn, serverLocked = false }: { onSignedIn: () => void; serverLocked?: boolean }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'password' | 'recovery'>('password');
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(readCodeAhead, []);

  const submit = async (v: { username: string; password?: string; recoveryKey?: string; newPassword?: string; pcName?: string }) => {
    if (isOfficeClient) setPcName(v.pcName ?? '');
    setBusy(true);
    setError(null);
    const r =
      mode === 'password'
        ? await api.auth.signIn({ username: v.username, password: v.password ?? '' })
        : await api.auth.recover({ username: v.username, recoveryKey: v.recoveryKey ?? '', newPassword: v.newPassword ?? '' });
    setBusy(false);
    if (r.ok) return onSignedIn();
    setError(showFieldErrors(form, r.error) + (r.error.retryAfterMs ? ` — ${t('signIn.retryIn', { s: Math.ceil(r.error.retryAfterMs / 1000) })}` : ''));
  };

  return (
    <CenteredCard title={mode === 'password' ? t('signIn.title') : t('recover.title')}>
      {serverLocked && <Alert type="warning" showIcon message={t('signIn.serverLocked')} data-testid="server-locked" style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon message={error} data-testid="signin-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={isOfficeClient ? { pcName: pcName() } : undefined}>
        <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        {mode === 'password' ? (
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="recoveryKey" label={t('recover.key')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="newPassword" label={t('recover.newPassword')} rules={[{ required: true }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {isOfficeClient && (
          // Office server only: which desk this is, for the audit trail (remembered by this browser).
          <Form.Item name="pcName" label={t('signIn.pcName')} extra={t('signIn.pcNameHelp')}>
            <Input maxLength={PC_NAME_MAX} data-testid="pc-name" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={busy}>
          {mode === 'password' ? t('signIn.submit') : t('recover.submit')}
        </Button>
      </Form>
      <Button
        type="link"
        onClick={() => {
          setError(null);
          setMode(mode === 'password' ? 'recovery' : 'password');
        }}
      >
        {mode === 'password' ? t('signIn.useRecovery') : t('recover.back')}
      </Button>
    </CenteredCard>
  );
}
