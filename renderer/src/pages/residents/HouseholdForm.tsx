import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow, StructureTree, TagRow } from '../../../../shared/contract/register.contract';
import { RESIDENCE_TYPES } from '../../../../shared/contract/register-fields';
import { structureIndex } from '../../../../shared/domain/structure-index';
import { api } from '../../lib/api';
import { useFormCare } from '../../lib/form-care';
import { showFieldErrors } from '../../lib/errors';
import { TagSelect } from './TagSelect';

/** "第一网格 2号楼 1单元" per unit, in tree order; built once per tree (the form renders with its page). */
export function unitOptions(tree: StructureTree) {
  return structureIndex(tree).unitOptions();
}

/** Create or edit a household: unit, room, residence type, tags, submit for review. */
export function HouseholdForm({
  open,
  household,
  defaultUnitId,
  tree,
  tags,
  onClose,
  onSaved,
}: {
  open: boolean;
  household: HouseholdRow | null;
  defaultUnitId?: string;
  tree: StructureTree;
  tags: TagRow[];
  onClose: () => void;
  onSaved: (pending: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const care = useFormCare(form, { onClose, clearBanner: () => setError(null) });
  const { markClean } = care;
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      household
        ? { unitId: household.unitId, room: household.room, residenceType: household.residenceType, tagIds: household.tagIds, note: household.note ?? '' }
        : { unitId: defaultUnitId, residenceType: 'own', tagIds: [] },
    );
    markClean();
  }, [open, household, defaultUnitId, form, markClean]);

  const submit = async (v: { unitId: string; room: string; residenceType: 'own'; tagIds: string[]; note?: string; submitForReview?: boolean }) => {
    const req = { ...v, note: v.note || null, tagIds: v.tagIds ?? [] };
    const r = household
      ? await api.households.update({ ...req, id: household.id, headResidentId: household.headResidentId })
      : await api.households.create(req);
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    onSaved(!!r.value.pendingId);
  };

  return (
    <Modal
      open={open}
      title={household ? t('register.editHousehold') : t('register.addHousehold')}
      onCancel={care.requestClose}
      onOk={() => form.submit()}
      forceRender
      okButtonProps={{ 'data-testid': 'household-ok' } as never}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        name="household"
        layout="vertical"
        onFinish={submit}
        onValuesChange={care.onValuesChange}
        onKeyDown={care.onKeyDown}
        data-testid="household-form"
      >
        <Form.Item name="unitId" label={t('register.unit')} rules={[{ required: true, message: t('register.chooseUnit') }]}>
          <Select showSearch optionFilterProp="label" options={unitOptions(tree)} />
        </Form.Item>
        <Form.Item name="room" label={t('register.room')}>
          <Input placeholder="301" />
        </Form.Item>
        <Form.Item name="residenceType" label={t('register.residenceType')}>
          <Select options={RESIDENCE_TYPES.map((r) => ({ value: r, label: t(`register.residence_${r}`) }))} />
        </Form.Item>
        <Form.Item name="tagIds" label={t('register.tags')}>
          <TagSelect tags={tags} testId="household-tags" placeholder={t('register.chooseTags')} />
        </Form.Item>
        <Form.Item name="note" label={t('register.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="submitForReview" valuePropName="checked">
          <Checkbox>{t('register.submitForReview')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
