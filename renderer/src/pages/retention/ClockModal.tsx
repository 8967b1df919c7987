import { Alert, Form, Input, Modal, Select, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DueRow } from '../../../../shared/contract/retention.contract';
import { CLOCK_EVENT_LABELS, CLOCK_EVENTS, type ClockEvent } from '../../../../shared/domain/retention';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { showFieldErrors } from '../../lib/errors';

interface Values {
  event: ClockEvent | 'none';
  on?: string;
}

/** Starts a record's clock at an event (迁出 / 死亡 / 结案) instead of the year it was formed. */
export function ClockModal({ row, onClose, onChanged }: { row: DueRow | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const event = Form.useWatch('event', form);

  const submit = async (v: Values) => {
    const ev = v.event === 'none' ? null : v.event;
    const r = await api.retention.setClock({ recordId: row!.recordId, event: ev, on: ev && v.on?.trim() ? v.on.trim() : null });
    if (!r.ok) return void setError(showFieldErrors(form, r.error));
    setError(null);
    void message.success(t('retention.clockDone'));
    onChanged();
  };

  return (
    <Modal
      open={!!row}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      title={row ? t('retention.clockTitle', { no: row.archiveNo }) : ''}
      afterClose={() => setError(null)}
    >
      <Typography.Paragraph type="secondary">{t('retention.clockHint')}</Typography.Paragraph>
      <Form form={form} name="clock" layout="vertical" onFinish={submit} preserve={false} initialValues={{ event: 'none' }}>
        <Form.Item name="event" label={t('retention.clockEvent')}>
          <Select
            options={[{ value: 'none', label: t('retention.clockNone') }, ...CLOCK_EVENTS.map((e) => ({ value: e, label: bi(CLOCK_EVENT_LABELS[e]) }))]}
          />
        </Form.Item>
        {event && event !== 'none' && (
          <Form.Item name="on" label={t('retention.clockOn')}>
            <Input placeholder="2024-05-01" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
