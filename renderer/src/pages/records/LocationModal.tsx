import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocationRow } from '../../../../shared/contract/register.contract';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';

/** Adds a place in the location register: room, cabinet, shelf, box. */
export function LocationModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (l: LocationRow) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const submit = async (v: { room: string; cabinet: string; shelf: string; box: string; note?: string }) => {
    const r = await api.locations.save({ ...v, note: v.note || null });
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    onSaved(r.value);
  };
  return (
    <Modal
      open={open}
      title={t('register.addLocation')}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
      okButtonProps={{ 'data-testid': 'location-ok' } as never}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} name="location" layout="vertical" onFinish={submit}>
        <Form.Item name="room" label={t('register.loc_room')}>
          <Input placeholder="一号库房" />
        </Form.Item>
        <Form.Item name="cabinet" label={t('register.loc_cabinet')}>
          <Input placeholder="03" />
        </Form.Item>
        <Form.Item name="shelf" label={t('register.loc_shelf')}>
          <Input placeholder="2" />
        </Form.Item>
        <Form.Item name="box" label={t('register.loc_box')}>
          <Input placeholder="015" />
        </Form.Item>
        <Form.Item name="note" label={t('register.note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
