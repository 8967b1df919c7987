import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RekeyOutcome, UserRow } from '../../../../shared/contract/users.contract';
import { ROLES, type Role } from '../../../../shared/roles';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText, showFieldErrors } from '../../lib/errors';
import { useAreaChanges } from '../../lib/live-areas';

export function UsersPanel() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [rows, setRows] = useState<UserRow[]>([]);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.users.list({});
    if (r.ok) setRows(r.value);
  }, []);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['users'], () => void load());

  const act = async (
    p: Promise<{
      ok: boolean;
      error?: { zh: string; en: string; code: string };
      value?: { rekey?: RekeyOutcome; notice?: { zh: string; en: string } } | RekeyOutcome;
    }>,
  ) => {
    const r = await p;
    if (!r.ok && r.error) void message.error(errorText(r.error as never));
    const v = r.ok ? r.value : undefined;
    const outcome = v && 'done' in v ? v : v?.rekey;
    if (v && 'notice' in v && v.notice) void message.warning(bi(v.notice), 10);
    // Told as it is: a failed re-key stays on screen until read.
    if (outcome) {
      if (outcome.done) void message.success(bi(outcome), 8);
      else modal.error({ title: t('users.rekey'), content: bi(outcome) });
    }
    await load();
  };

  const disable = (u: UserRow) =>
    modal.confirm({
      title: t('users.disableTitle', { name: u.displayName }),
      content: t('users.disableBody'),
      okButtonProps: { danger: true },
      onOk: () => act(api.users.setActive({ id: u.id, active: false })),
    });

  const renew = () => modal.confirm({ title: t('users.rekeyTitle'), content: t('users.rekeyBody'), onOk: () => act(api.users.rekey({})) });

  const submit = async (v: { username: string; displayName: string; role: Role; password: string }) => {
    const r = resetting ? await api.users.resetPassword({ id: resetting.id, password: v.password }) : await api.users.create(v);
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    void message.success(resetting ? t('users.resetDone') : t('users.created_ok'));
    setAdding(false);
    setResetting(null);
    setError(null);
    form.resetFields();
    await load();
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('users.add')}
        </Button>
        <Button onClick={renew}>{t('users.rekey')}</Button>
      </Space>
      <Table<UserRow>
        rowKey="id"
        dataSource={rows}
        pagination={false}
        size="middle"
        data-testid="users-table"
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('users.username'), dataIndex: 'username', fixed: 'left' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.role'),
            dataIndex: 'role',
            render: (role: Role, u) => (
              <Select
                size="small"
                value={role}
                style={{ width: 130 }}
                onChange={(v) => void act(api.users.setRole({ id: u.id, role: v }))}
                options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              />
            ),
          },
          {
            title: t('users.status'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.disabled')}</Tag>),
          },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => (u.active ? disable(u) : void act(api.users.setActive({ id: u.id, active: true })))}>
                  {u.active ? t('users.disable') : t('users.enable')}
                </Button>
                <Button size="small" onClick={() => setResetting(u)}>
                  {t('users.reset')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={adding || !!resetting}
        title={resetting ? `${t('users.reset')} · ${resetting.username}` : t('users.add')}
        onCancel={() => {
          setAdding(false);
          setResetting(null);
          setError(null);
        }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} name="user" layout="vertical" onFinish={submit} preserve={false} initialValues={{ role: 'keeper' }}>
          {!resetting && (
            <>
              <Form.Item name="username" label={t('users.username')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="role" label={t('users.role')}>
                <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
              </Form.Item>
            </>
          )}
          <Form.Item name="password" label={t('users.tempPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
