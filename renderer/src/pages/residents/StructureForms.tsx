import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { structureIndex } from '../../../../shared/domain/structure-index';
import { api } from '../../lib/api';
import { blanksToNull } from '../../lib/register-data';
import { showFieldErrors } from '../../lib/errors';

export type StructureLevel = 'grid' | 'building' | 'unit';
export interface StructureEdit {
  level: StructureLevel;
  /** Existing row to edit, or undefined to add. */
  id?: string;
  /** Parent id when adding a building (grid) or a unit (building). */
  parentId?: string;
}

/** One modal for adding or editing a grid, building or unit. */
export function StructureModal({
  edit,
  tree,
  onClose,
  onSaved,
}: {
  edit: StructureEdit | null;
  tree: StructureTree;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const level = edit?.level;
  // A unit's building, named with its grid: one look-up each (a street office has 8 000 buildings in 800 grids).
  const buildingOptions = useMemo(() => {
    if (level !== 'unit') return [];
    const ix = structureIndex(tree);
    return tree.buildings.map((b) => ({ value: b.id, label: `${ix.grid(b.gridId)?.name ?? ''} ${b.name}` }));
  }, [tree, level]);

  useEffect(() => {
    if (!edit) return;
    setError(null);
    form.resetFields();
    const row =
      edit.level === 'grid'
        ? tree.grids.find((g) => g.id === edit.id)
        : edit.level === 'building'
          ? tree.buildings.find((b) => b.id === edit.id)
          : tree.units.find((u) => u.id === edit.id);
    if (row) form.setFieldsValue(row);
    else if (edit.level === 'building') form.setFieldsValue({ gridId: edit.parentId });
    else if (edit.level === 'unit') form.setFieldsValue({ buildingId: edit.parentId });
  }, [edit, tree, form]);

  const submit = async (v: Record<string, string>) => {
    const req = { ...blanksToNull(v), id: edit?.id } as never;
    const r =
      level === 'grid' ? await api.structure.saveGrid(req) : level === 'building' ? await api.structure.saveBuilding(req) : await api.structure.saveUnit(req);
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    onSaved(r.value.id);
  };

  const title = edit ? t(`register.${edit.id ? 'edit' : 'add'}_${edit.level}`) : '';
  return (
    <Modal
      open={!!edit}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      forceRender
      okButtonProps={{ 'data-testid': 'structure-ok' } as never}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} name="structure" layout="vertical" onFinish={submit}>
        {level === 'building' && (
          <Form.Item name="gridId" label={t('register.grid')} rules={[{ required: true, message: t('register.required') }]}>
            <Select options={tree.grids.map((g) => ({ value: g.id, label: g.name }))} />
          </Form.Item>
        )}
        {level === 'unit' && (
          <Form.Item name="buildingId" label={t('register.building')} rules={[{ required: true, message: t('register.required') }]}>
            <Select options={buildingOptions} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('register.name_' + (level ?? 'grid'))}>
          <Input />
        </Form.Item>
        <Form.Item name="code" label={t('register.code')} extra={t('register.codeHint')}>
          <Input />
        </Form.Item>
        {level === 'grid' && (
          <Form.Item name="worker" label={t('register.gridWorker')}>
            <Input />
          </Form.Item>
        )}
        {level === 'building' && (
          <Form.Item name="address" label={t('register.buildingAddress')}>
            <Input />
          </Form.Item>
        )}
        {level !== 'unit' && (
          <Form.Item name="note" label={t('register.note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
