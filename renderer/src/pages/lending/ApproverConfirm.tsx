import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../../../shared/errors';
import { errorText } from '../../lib/errors';

/**
 * The small box the approver types into at the keeper's desk: their own user name and password.
 * The server checks them as at sign-in (same throttle; a failure is audited) and signs the approval
 * with the approver's own key. The password is never kept: it is cleared after every try.
 */
export function ApproverConfirm({
  open,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  busy: boolean;
  /** Resolves with the refusal, or null when the loan was issued. */
  onConfirm: (username: string, password: string) => Promise<AppErrorShape | null>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<AppErrorShape | null>(null);

  useEffect(() => {
    if (!open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const ok = async () => {
    let v: { username: string; password: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    const refused = await onConfirm(v.username.trim(), v.password);
    form.setFieldValue('password', '');
    if (refused) setError(refused);
  };

  return (
    <Modal
      open={open}
      title={t('lending.confirmTitle')}
      okText={t('lending.confirmOk')}
      onOk={() => void ok()}
      onCancel={onCancel}
      confirmLoading={busy}
      width={420}
      destroyOnHidden
      maskClosable={false}
      okButtonProps={{ 'data-testid': 'approver-confirm-ok' } as never}
      data-testid="approver-confirm"
    >
      <Typography.Paragraph type="secondary">{t('lending.confirmHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} data-testid="approver-confirm-error" />}
      <Form form={form} layout="vertical" name="approver-confirm" autoComplete="off">
        <Form.Item name="username" label={t('lending.confirmUsername')} rules={[{ required: true, message: t('lending.required') }]}>
          <Input maxLength={32} autoComplete="off" data-testid="approver-username" />
        </Form.Item>
        <Form.Item name="password" label={t('lending.confirmPassword')} rules={[{ required: true, message: t('lending.required') }]}>
          <Input.Password maxLength={256} autoComplete="off" data-testid="approver-password" onPressEnter={() => void ok()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
