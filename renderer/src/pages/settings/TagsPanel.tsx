import { Alert, App, Button, ColorPicker, Form, Input, InputNumber, Modal, Popconfirm, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { defaultDiscreet, publicWarningNeeded } from '../../../../shared/domain/tag-privacy';
import { compareTags } from '../../../../shared/domain/tags';
import { TagChip } from '../../components/TagChip';
import { api } from '../../lib/api';
import { errorText, showFieldErrors } from '../../lib/errors';
import { useTags } from '../../lib/register-data';

type TagForm = Omit<TagRow, 'id' | 'color'> & { color: string | { toHexString(): string } };

/** 标签: the palette of household tags (name, colour, code, public/discreet, order). */
export function TagsPanel() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { tags, reload } = useTags();
  const [editing, setEditing] = useState<TagRow | 'new' | null>(null);
  const [form] = Form.useForm<TagForm>();
  const [error, setError] = useState<string | null>(null);

  const open = (tag: TagRow | 'new') => {
    setError(null);
    form.resetFields();
    form.setFieldsValue(tag === 'new' ? { name: '', color: '#1677ff', code: '', discreet: false, order: (tags.at(-1)?.order ?? 0) + 1 } : tag);
    setEditing(tag);
  };
  const submit = async (v: TagForm) => {
    const before = editing !== 'new' && editing ? editing : null;
    // Welfare and health tags stay discreet unless the administrator confirms the warning.
    if (publicWarningNeeded(before, { name: v.name ?? '', discreet: !!v.discreet })) {
      const ok = await modal.confirm({
        title: t('register.publicWarnTitle', { name: v.name }),
        content: t('register.publicWarn'),
        okText: t('register.publicWarnOk'),
        okButtonProps: { danger: true, 'data-testid': 'confirm-public' } as never,
        cancelText: t('register.publicWarnCancel'),
      });
      if (!ok) return;
      return save(v, true);
    }
    return save(v, false);
  };
  const save = async (v: TagForm, confirmPublic: boolean) => {
    const color = typeof v.color === 'string' ? v.color : v.color.toHexString();
    const r = await api.tags.save({ ...v, color: color.slice(0, 7), id: editing !== 'new' && editing ? editing.id : undefined, confirmPublic });
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    setEditing(null);
    void message.success(t('settings.saved'));
    await reload();
  };
  const remove = async (tag: TagRow) => {
    const r = await api.tags.remove({ id: tag.id });
    if (!r.ok) void message.error(errorText(r.error));
    await reload();
  };

  return (
    <>
      <Alert type="info" showIcon message={t('register.tagsIntro')} style={{ marginBottom: 12 }} />
      <Button type="primary" onClick={() => open('new')} style={{ marginBottom: 12 }} data-testid="add-tag">
        {t('register.addTag')}
      </Button>
      <Table<TagRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...tags].sort(compareTags)}
        data-testid="tags-table"
        columns={[
          { title: t('register.tagChip'), key: 'chip', width: 140, render: (_, tg) => <TagChip tag={tg} revealName /> },
          { title: t('register.tagName'), dataIndex: 'name' },
          { title: t('register.tagCode'), dataIndex: 'code', width: 70 },
          { title: t('register.tagColor'), dataIndex: 'color', width: 100, render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span> },
          {
            title: t('register.tagVisibility'),
            dataIndex: 'discreet',
            width: 110,
            render: (d: boolean) => (d ? <Tag>{t('register.discreet')}</Tag> : <Tag color="green">{t('register.public')}</Tag>),
          },
          { title: t('register.tagOrder'), dataIndex: 'order', width: 70 },
          {
            title: t('common.actions'),
            key: 'a',
            width: 150,
            render: (_, tg) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(tg)}>
                  {t('register.edit')}
                </Button>
                <Popconfirm title={t('register.removeTagConfirm', { name: tg.name })} onConfirm={() => void remove(tg)}>
                  <Button size="small" danger>
                    {t('register.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('register.addTag') : t('register.editTag')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        forceRender
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} name="tag" layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('register.tagName')}>
            <Input
              maxLength={20}
              onChange={(e) => {
                // A new tag named like 低保/残疾 starts discreet; the keeper may still switch it.
                if (editing === 'new' && defaultDiscreet(e.target.value)) form.setFieldValue('discreet', true);
              }}
            />
          </Form.Item>
          <Form.Item name="code" label={t('register.tagCode')} extra={t('register.tagCodeHint')}>
            <Input maxLength={2} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="color" label={t('register.tagColor')}>
            <ColorPicker disabledAlpha showText format="hex" />
          </Form.Item>
          <Form.Item name="discreet" label={t('register.discreet')} valuePropName="checked" extra={t('register.discreetHint')}>
            <Switch data-testid="tag-discreet" />
          </Form.Item>
          <Form.Item name="order" label={t('register.tagOrder')}>
            <InputNumber min={0} max={999} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const v = form.getFieldsValue();
              const color = typeof v.color === 'string' ? v.color : (v.color?.toHexString?.() ?? '#1677ff');
              return v.code ? (
                <Space>
                  {t('register.preview')}
                  <TagChip tag={{ name: v.name ?? '', code: v.code, color: color.slice(0, 7), discreet: !!v.discreet }} />
                </Space>
              ) : null;
            }}
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
