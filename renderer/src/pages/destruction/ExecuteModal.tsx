import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';
import { DESTRUCTION_METHODS, DESTRUCTION_METHOD_LABELS, type DestructionMethod } from '../../../../shared/domain/destruction-types';
import { formatArchiveTime } from '../../../../shared/domain/archive-time';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { bi } from '../../lib/bilingual';
import { showFieldErrors } from '../../lib/errors';

interface Values {
  time: string;
  place: string;
  methods: DestructionMethod[];
}

/** Time, place and method(s) of the destruction; executing is final, so the warning says so. */
export function ExecuteModal({
  open,
  batchId,
  onClose,
  onDone,
  onFailed,
}: {
  open: boolean;
  batchId: string;
  onClose: () => void;
  onDone: (b: DestructionBatchRow) => void;
  onFailed?: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Printed on the register and certificate as typed: offer now, in the archive's zone, as the documents print times.
  const { tz } = useArchiveTime();

  const submit = async (v: Values) => {
    setBusy(true);
    const r = await api.destruction.execute({ id: batchId, time: v.time.trim(), place: v.place.trim(), methods: v.methods });
    setBusy(false);
    if (!r.ok) {
      // A refusal may mean the register changed since approval: the drawer behind shows what.
      setError(showFieldErrors(form, r.error));
      return void onFailed?.();
    }
    setError(null);
    onDone(r.value);
  };

  return (
    <Modal
      open={open}
      destroyOnHidden
      title={t('destruction.executeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('destruction.execute')}
      okButtonProps={{ danger: true, 'data-testid': 'execute-ok' } as never}
      afterClose={() => setError(null)}
    >
      <Alert type="warning" showIcon title={t('destruction.executeHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ time: formatArchiveTime(Date.now(), tz, 'zh'), place: '', methods: ['shred'] }}
      >
        <Form.Item name="time" label={t('destruction.execTime')} rules={[{ required: true }]}>
          <Input data-testid="execute-time" />
        </Form.Item>
        <Form.Item name="place" label={t('destruction.place')} rules={[{ required: true }]}>
          <Input data-testid="execute-place" />
        </Form.Item>
        <Form.Item name="methods" label={t('destruction.methods')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={DESTRUCTION_METHODS.map((m) => ({ value: m, label: bi(DESTRUCTION_METHOD_LABELS[m]) }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="execute-error" />}
    </Modal>
  );
}
