import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { readCodeAhead } from '../lib/code-ahead';
import { showFieldErrors } from '../lib/errors';
import { useSession } from '../lib/session-context';
import { CenteredCard } from './CenteredCard';

export function LockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const { t } = useTranslation();
  const { status, refresh } = useSession();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A window reopened while locked has not read the shell's code yet.
  useEffect(readCodeAhead, []);
  const submit = async (v: { password: string }) => {
    setBusy(true);
    const r = await api.auth.unlock({ password: v.password });
    setBusy(false);
    if (r.ok) return onUnlocked();
    form.resetFields();
    setError(showFieldErrors(form, r.error));
  };
  return (
    <CenteredCard title={t('lock.title')}>
      <Typography.Paragraph data-testid="lock-intro">{t('lock.intro', { name: status.session?.displayName ?? '' })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} data-testid="signin-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('lock.submit')}
        </Button>
      </Form>
      <Button
        type="link"
        onClick={async () => {
          await api.auth.signOut({});
          await refresh();
        }}
      >
        {t('lock.other')}
      </Button>
    </CenteredCard>
  );
}
