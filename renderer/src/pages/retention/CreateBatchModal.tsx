import { Alert, Form, Input, Modal, Select, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';

interface Values {
  purpose: string;
  scope: string;
  members: string[];
}

/** Opens an appraisal batch (鉴定批次) for the rows picked on the due list. */
export function CreateBatchModal({
  open,
  recordIds,
  onClose,
  onDone,
}: {
  open: boolean;
  recordIds: string[];
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    const r = await api.appraisal.create({ purpose: v.purpose, scope: v.scope, members: (v.members ?? []).map((m) => m.trim()).filter(Boolean), recordIds });
    setBusy(false);
    if (!r.ok) return void setError(showFieldErrors(form, r.error));
    setError(null);
    void message.success(t('retention.createDone', { no: r.value.batchNo }));
    onDone(r.value.id);
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      title={`${t('retention.createTitle')}（${t('retention.selected', { n: recordIds.length })}）`}
      okButtonProps={{ 'data-testid': 'batch-ok' } as never}
      afterClose={() => setError(null)}
    >
      <Form form={form} name="appraisalBatch" layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="purpose" label={t('retention.purpose')} rules={[{ required: true, min: 2 }]}>
          <Input data-testid="batch-purpose" />
        </Form.Item>
        <Form.Item name="scope" label={t('retention.scope')} rules={[{ required: true, min: 2 }]}>
          <Input data-testid="batch-scope" />
        </Form.Item>
        <Form.Item name="members" label={t('retention.members')} extra={t('retention.membersHint')} rules={[{ required: true, type: 'array', min: 2 }]}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} data-testid="batch-members" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
