import { Alert, Form, Input, Modal, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';

interface Values {
  username: string;
  password: string;
}

/**
 * A 监销人 types their own user name and password at this desk. The session stays the keeper's;
 * the password only proves the supervisor is present. It is cleared after every attempt so it
 * never lingers in the form for the next person.
 */
export function SupervisorModal({
  open,
  batchId,
  onClose,
  onDone,
}: {
  open: boolean;
  batchId: string;
  onClose: () => void;
  onDone: (b: DestructionBatchRow) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    const r = await api.destruction.confirmSupervisor({ id: batchId, username: v.username.trim(), password: v.password });
    setBusy(false);
    form.setFieldValue('password', '');
    if (!r.ok) {
      // Wrong credentials get a plain sentence of their own: the supervisor, not the keeper, must act.
      return void setError(r.error.code === 'BAD_CREDENTIALS' ? t('destruction.badCredentials') : errorText(r.error));
    }
    setError(null);
    const who = r.value.supervisors.find((s) => s.username === v.username.trim());
    void message.success(t('destruction.supervisorOk', { name: who?.name ?? v.username }));
    form.resetFields();
    onDone(r.value);
  };

  return (
    <Modal
      open={open}
      destroyOnHidden
      title={t('destruction.supervisorTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'supervisor-ok' } as never}
      afterClose={() => setError(null)}
    >
      <Typography.Paragraph type="secondary">{t('destruction.supervisorHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} autoComplete="off">
        <Form.Item name="username" label={t('destruction.supervisorUser')} rules={[{ required: true }]}>
          <Input autoComplete="off" data-testid="supervisor-username" />
        </Form.Item>
        <Form.Item name="password" label={t('destruction.supervisorPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" data-testid="supervisor-password" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="supervisor-error" />}
    </Modal>
  );
}
