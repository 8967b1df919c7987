import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';

/** Approve (with the leader's opinion, printed on the register) or reject (with a reason). */
export function OpinionModal({
  kind,
  batchId,
  onClose,
  onDone,
}: {
  kind: 'approve' | 'reject' | null;
  batchId: string;
  onClose: () => void;
  onDone: (b: DestructionBatchRow) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ text }: { text: string }) => {
    setBusy(true);
    const r = kind === 'approve' ? await api.destruction.approve({ id: batchId, opinion: text }) : await api.destruction.reject({ id: batchId, reason: text });
    setBusy(false);
    if (!r.ok) return void setError(showFieldErrors(form, r.error));
    setError(null);
    onDone(r.value);
  };

  return (
    <Modal
      open={!!kind}
      destroyOnHidden
      title={kind === 'approve' ? t('destruction.approveTitle') : t('destruction.rejectTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'opinion-ok' } as never}
      afterClose={() => setError(null)}
    >
      <Typography.Paragraph type="secondary">{t('destruction.approverHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ text: kind === 'approve' ? '同意销毁' : '' }} preserve={false}>
        <Form.Item name="text" label={kind === 'approve' ? t('destruction.opinion') : t('destruction.rejectReason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} data-testid="opinion-text" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
