import { Alert, ColorPicker, Form, Input, Modal, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { proposeTagLook } from '../../../../shared/domain/tag-proposal';
import { defaultDiscreet } from '../../../../shared/domain/tag-privacy';
import { TagChip } from '../../components/TagChip';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';

type TagForm = { name: string; code: string; discreet: boolean; color: string | { toHexString(): string } };
const hex = (c: TagForm['color'] | undefined) => (typeof c === 'string' ? c : (c?.toHexString?.() ?? '#1677ff')).slice(0, 7);

/**
 * 新建户标签 from the mapping step: the name prefilled with the sheet's value, a free palette
 * colour and a free code proposed. Saved through the tags service (tags.save), so it is audited
 * like a tag made under 设置→标签.
 */
export function CreateTagModal({ value, onClose, onCreated }: { value: string | null; onClose: () => void; onCreated: (tag: TagRow) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TagForm>();
  const [tags, setTags] = useState<TagRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (value === null) return;
    setError(null);
    form.resetFields();
    // Read afresh: a tag created a moment ago must not be proposed the same colour and code.
    void api.tags.list({}).then((r) => {
      const existing = r.ok ? r.value : [];
      setTags(existing);
      const look = proposeTagLook(value, existing);
      form.setFieldsValue({ name: [...value].slice(0, 20).join(''), code: look.code, color: look.color, discreet: defaultDiscreet(value) });
    });
  }, [value, form]);

  const submit = async (v: TagForm) => {
    setBusy(true);
    try {
      const order = Math.min(999, Math.max(0, ...tags.map((x) => x.order)) + 1);
      const r = await api.tags.save({ name: v.name, code: v.code, discreet: !!v.discreet, color: hex(v.color), order });
      if (!r.ok) return void setError(showFieldErrors(form, r.error));
      await onCreated(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={value !== null}
      title={t('data.createTagTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      forceRender
      okButtonProps={{ 'data-testid': 'create-tag-ok' } as never}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="create-tag-error" />}
      <Form form={form} name="import-tag" layout="vertical" onFinish={submit} data-testid="create-tag-form">
        <Form.Item name="name" label={t('register.tagName')}>
          <Input maxLength={20} data-testid="create-tag-name" />
        </Form.Item>
        <Form.Item name="code" label={t('register.tagCode')} extra={t('register.tagCodeHint')}>
          <Input maxLength={2} style={{ width: 80 }} data-testid="create-tag-code" />
        </Form.Item>
        <Form.Item name="color" label={t('register.tagColor')}>
          <ColorPicker disabledAlpha showText format="hex" />
        </Form.Item>
        <Form.Item name="discreet" label={t('register.discreet')} valuePropName="checked" extra={t('register.discreetHint')}>
          <Switch data-testid="create-tag-discreet" />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => {
            const v = form.getFieldsValue();
            return v.code ? (
              <Space>
                {t('register.preview')}
                <TagChip tag={{ name: v.name ?? '', code: v.code, color: hex(v.color), discreet: !!v.discreet }} />
              </Space>
            ) : null;
          }}
        </Form.Item>
      </Form>
    </Modal>
  );
}
