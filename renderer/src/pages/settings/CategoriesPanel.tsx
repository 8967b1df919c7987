import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryRow } from '../../../../shared/contract/categories.contract';
import type { Result } from '../../../../shared/errors';
import { buildTree, CATEGORY_MAX_DEPTH, descendants, inTreeOrder, patternFor, type CategoryTreeNode } from '../../../../shared/domain/record-categories';
import { api } from '../../lib/api';
import { errorText, showFieldErrors } from '../../lib/errors';

type Row = Omit<CategoryTreeNode, 'children'> & { records?: number; children?: Row[] };
type ParentOption = { value: string; title: string; children: ParentOption[] };
type Editing = { before: CategoryRow | null; parentCode: string | null };
type FormValues = { code: string; nameZh: string; nameEn: string; parentCode: string | null; pattern: string; active: boolean };
const TOP = '\u0000top';

/** 设置 → 档案分类 (administrators): the category tree, its names, order, activity and 档号 patterns. */
export function CategoriesPanel() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [rows, setRows] = useState<CategoryRow[]>([]);
  const [archiveWide, setArchiveWide] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();
  const en = i18n.language === 'en';

  const reload = async () => {
    const [r, s] = await Promise.all([api.categories.list({ withCounts: true }), api.settings.get({})]);
    if (r.ok) setRows(r.value);
    if (s.ok) setArchiveWide(s.value.archiveNoPattern);
  };
  useEffect(() => void reload(), []);

  const tree = useMemo(() => {
    const strip = (n: CategoryTreeNode): Row => ({ ...n, children: n.children.length ? n.children.map(strip) : undefined });
    return buildTree(rows).map(strip);
  }, [rows]);
  const expanded = useMemo(() => rows.filter((r) => rows.some((c) => c.parentCode === r.code)).map((r) => r.code), [rows]);
  const nameOf = (r: CategoryRow) => (en ? r.nameEn || r.nameZh : r.nameZh);

  const open = (before: CategoryRow | null, parentCode: string | null) => {
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      before
        ? { ...before, parentCode: before.parentCode ?? TOP, pattern: before.pattern ?? '' }
        : { code: '', nameZh: '', nameEn: '', parentCode: parentCode ?? TOP, pattern: '', active: true },
    );
    setEditing({ before, parentCode });
  };
  const submit = async (v: FormValues) => {
    const before = editing?.before ?? null;
    const r = await api.categories.save({
      ...v,
      parentCode: v.parentCode === TOP ? null : v.parentCode,
      pattern: v.pattern?.trim() ? v.pattern : null,
      previousCode: before?.code,
      order: before && (v.parentCode === TOP ? null : v.parentCode) === before.parentCode ? before.order : undefined,
    });
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    setEditing(null);
    void message.success(t('settings.saved'));
    await reload();
  };
  const act = async (p: Promise<Result<unknown>>) => {
    const r = await p;
    if (!r.ok) void message.error(errorText(r.error));
    await reload();
  };
  const move = (r: CategoryRow, step: -1 | 1) => {
    const siblings = inTreeOrder(rows)
      .filter((n) => n.parentCode === r.parentCode)
      .map((n) => n.code);
    const i = siblings.indexOf(r.code);
    const j = i + step;
    if (j < 0 || j >= siblings.length) return;
    [siblings[i], siblings[j]] = [siblings[j], siblings[i]];
    void act(api.categories.reorder({ parentCode: r.parentCode, codes: siblings }));
  };
  const setActive = (r: CategoryRow, active: boolean) =>
    void act(
      api.categories.save({
        previousCode: r.code,
        code: r.code,
        nameZh: r.nameZh,
        nameEn: r.nameEn,
        parentCode: r.parentCode,
        pattern: r.pattern,
        order: r.order,
        active,
      }),
    );

  // A parent may be any category above level 3 that is not the one edited or below it.
  const parentChoices = useMemo(() => {
    const own = editing?.before ? new Set(descendants(rows, editing.before.code)) : new Set<string>();
    const toOption = (n: CategoryTreeNode): ParentOption => ({
      value: n.code,
      title: `${en ? n.nameEn || n.nameZh : n.nameZh} (${n.code})`,
      children: n.depth < CATEGORY_MAX_DEPTH - 1 ? n.children.filter((c) => !own.has(c.code)).map(toOption) : [],
    });
    return [
      { value: TOP, title: t('categories.parentNone'), children: [] } as ParentOption,
      ...buildTree(rows)
        .filter((n) => !own.has(n.code))
        .map(toOption),
    ];
  }, [rows, editing, en, t]);

  return (
    <>
      <Alert type="info" showIcon message={t('categories.intro')} style={{ marginBottom: 12 }} />
      <Button type="primary" onClick={() => open(null, null)} style={{ marginBottom: 12 }} data-testid="add-category">
        {t('categories.add')}
      </Button>
      <Table<Row>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={tree}
        expandable={{ expandedRowKeys: expanded, showExpandColumn: true, expandIcon: () => null }}
        data-testid="categories-table"
        columns={[
          { title: t('categories.nameZh'), key: 'name', render: (_, r) => nameOf(r) },
          { title: t('categories.code'), dataIndex: 'code', width: 110, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          {
            title: t('categories.pattern'),
            key: 'pattern',
            render: (_, r) =>
              r.pattern ? (
                <Typography.Text code>{r.pattern}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {t('categories.patternInherited', { pattern: patternFor(rows, r.code, archiveWide).pattern })}
                </Typography.Text>
              ),
          },
          { title: t('categories.records'), dataIndex: 'records', width: 80 },
          {
            title: t('categories.active'),
            dataIndex: 'active',
            width: 80,
            render: (a: boolean) => (a ? <Tag color="green">{t('categories.active')}</Tag> : <Tag>{t('categories.inactive')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'a',
            width: 380,
            render: (_, r) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => move(r, -1)} aria-label={t('categories.up')}>
                  ↑
                </Button>
                <Button size="small" onClick={() => move(r, 1)} aria-label={t('categories.down')}>
                  ↓
                </Button>
                <Button size="small" onClick={() => open(r, r.parentCode)} data-testid={`edit-category-${r.code}`}>
                  {t('register.edit')}
                </Button>
                {r.depth < CATEGORY_MAX_DEPTH && (
                  <Button size="small" onClick={() => open(null, r.code)} data-testid={`add-child-${r.code}`}>
                    {t('categories.addChild')}
                  </Button>
                )}
                <Button size="small" onClick={() => setActive(r, !r.active)} data-testid={`toggle-category-${r.code}`}>
                  {r.active ? t('categories.deactivate') : t('categories.activate')}
                </Button>
                <Popconfirm title={t('categories.removeConfirm', { name: nameOf(r) })} onConfirm={() => void act(api.categories.remove({ code: r.code }))}>
                  <Button size="small" danger data-testid={`remove-category-${r.code}`}>
                    {t('categories.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing?.before ? t('categories.edit') : t('categories.add')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'category-ok' } as never}
        forceRender
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="category-error" />}
        <Form form={form} name="category" layout="vertical" onFinish={submit}>
          <Form.Item name="nameZh" label={t('categories.nameZh')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('categories.nameEn')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="code" label={t('categories.code')} extra={t('categories.codeHint')}>
            <Input maxLength={16} style={{ width: 200, fontFamily: 'monospace' }} disabled={!!editing?.before?.records} />
          </Form.Item>
          <Form.Item name="parentCode" label={t('categories.parent')}>
            <TreeSelect treeData={parentChoices} treeDefaultExpandAll />
          </Form.Item>
          <Form.Item name="pattern" label={t('categories.pattern')} extra={t('categories.patternHint')}>
            <Input maxLength={80} style={{ fontFamily: 'monospace' }} placeholder={archiveWide} />
          </Form.Item>
          <Form.Item name="active" label={t('categories.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
