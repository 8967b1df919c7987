import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session-context';

export const PURPOSES = ['business', 'verify', 'survey', 'inspection', 'other'] as const;

/**
 * Asks for the purpose of a look-up (查阅事由): a reason from the list plus free text.
 * Required for look-up clerks; prefilled for the others. `required` forces it (exports).
 */
export function PurposeModal({
  open,
  title,
  required,
  onCancel,
  onOk,
}: {
  open: boolean;
  title?: string;
  required?: boolean;
  onCancel: () => void;
  onOk: (purpose: string) => void;
}) {
  const { t } = useTranslation();
  const { status } = useSession();
  const mustState = required || status.session?.role === 'clerk';
  const [form] = Form.useForm<{ reason?: string; detail?: string }>();
  useEffect(() => {
    if (open) form.setFieldsValue(mustState ? { reason: undefined, detail: '' } : { reason: 'business', detail: '' });
  }, [open, mustState, form]);
  const finish = (v: { reason?: string; detail?: string }) => {
    const reason = v.reason ? t(`register.purpose_${v.reason}`) : '';
    const text = [reason, v.detail?.trim()].filter(Boolean).join('：');
    onOk(text);
  };
  return (
    <Modal
      open={open}
      title={title ?? t('register.purposeTitle')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'purpose-ok' } as never}
    >
      <Form form={form} name="purpose" layout="vertical" onFinish={finish}>
        <Form.Item name="reason" label={t('register.purposeReason')} rules={mustState ? [{ required: true, message: t('register.purposeRequired') }] : []}>
          <Select data-testid="purpose-reason" options={PURPOSES.map((p) => ({ value: p, label: t(`register.purpose_${p}`) }))} allowClear />
        </Form.Item>
        <Form.Item
          name="detail"
          label={t('register.purposeDetail')}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                getFieldValue('reason') === 'other' && !v?.trim() ? Promise.reject(new Error(t('register.purposeOtherNeedsText'))) : Promise.resolve(),
            }),
          ]}
        >
          <Input maxLength={150} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
