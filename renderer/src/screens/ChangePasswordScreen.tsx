import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { showFieldErrors } from '../lib/errors';
import { CenteredCard } from './CenteredCard';

/** Used both as a forced screen (temporary password) and inside Settings. */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    const r = await api.auth.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    setError(null);
    form.resetFields();
    void message.success(t('changePw.done'));
    onDone?.();
  };
  return (
    <Form form={form} name="changePassword" layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="currentPassword" label={t('changePw.current')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('changePw.next')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="newPassword2"
        label={t('changePw.next2')}
        dependencies={['newPassword']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('changePw.submit')}
      </Button>
    </Form>
  );
}

export function ChangePasswordScreen({ onDone }: { forced?: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <CenteredCard title={t('changePw.title')}>
      <Alert type="info" showIcon message={t('changePw.mustChange')} />
      <ChangePasswordForm onDone={onDone} />
    </CenteredCard>
  );
}
