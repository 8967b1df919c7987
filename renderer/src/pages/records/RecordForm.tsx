import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import type { EditConflict } from '../../../../shared/errors';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordRow } from '../../../../shared/contract/register.contract';
import { CARRIER_LABELS, RESIDENT_CLASS_LABELS, RETENTION_LABELS, SENSITIVITY_LABELS } from '../../../../shared/domain/archive-types';
import { CategoryTreeSelect } from '../../components/CategoryTreeSelect';
import { DateInput } from '../../components/DateInput';
import { api } from '../../lib/api';
import { useFormCare } from '../../lib/form-care';
import { useArchiveTime } from '../../lib/archive-time';
import { showFieldErrors } from '../../lib/errors';
import { blanksToNull, options, useCategories, useLocations } from '../../lib/register-data';
import { HitSelect } from './HitSelect';
import { LocationModal } from './LocationModal';

const DEFAULTS = { residentClass: 'registered', contentCategory: 'basic', carrier: 'paper', pages: 1, items: 1, sensitivity: 'internal', retentionClass: 'Y' };

/** Create or edit an archive record; an empty 档号 takes the proposed next number. */
export function RecordForm({
  open,
  record,
  onClose,
  onSaved,
}: {
  open: boolean;
  record: RecordRow | null;
  onClose: () => void;
  /** `again`: 保存并新增 — the form stays open for the next record, keeping the batch's shared fields. */
  onSaved: (r: RecordRow, opts?: { again: boolean }) => void;
}) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  // The version the form was filled from (sent with the edit), and a stale edit's two sets of values.
  const [loadedVersion, setLoadedVersion] = useState<number | undefined>(undefined);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const care = useFormCare(form, { onClose, clearBanner: () => setError(null) });
  const again = useRef(false);
  const [busy, setBusy] = useState(false);
  const [proposed, setProposed] = useState<string | null>(null);
  const [addingLoc, setAddingLoc] = useState(false);
  const { locations, reload: reloadLocations } = useLocations();
  const { categories, reload: reloadCategories } = useCategories();
  const year = Form.useWatch('year', form) as number | undefined;
  const retentionClass = Form.useWatch('retentionClass', form) as string | undefined;
  const householdId = Form.useWatch('householdId', form) as string | undefined;
  const contentCategory = Form.useWatch('contentCategory', form) as string | undefined;

  useEffect(() => {
    if (!open) return;
    setError(null);
    setConflict(null);
    setLoadedVersion(record?.version);
    form.resetFields();
    form.setFieldsValue(record ? { ...record } : { ...DEFAULTS, year: Number(at.today().slice(0, 4)) });
    care.markClean();
    void reloadLocations();
    void reloadCategories();
    // Not on `at`: switching the language must not reset a half-filled form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, record, form, reloadLocations, reloadCategories]);

  useEffect(() => {
    if (!open || record || !year || !retentionClass) return setProposed(null);
    let live = true;
    // The category may bring its own 档号 pattern (设置 → 档案分类), so the proposal follows it too.
    void api.records
      .nextNumber({ year, retentionClass, householdId: householdId ?? null, contentCategory: contentCategory ?? null })
      .then((r) => live && setProposed(r.ok ? r.value.archiveNo : null));
    return () => {
      live = false;
    };
  }, [open, record, year, retentionClass, householdId, contentCategory]);

  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    const req = blanksToNull(v) as Record<string, unknown>;
    if (req.items === null) delete req.items;
    const r = record ? await api.records.update({ ...req, id: record.id, version: loadedVersion } as never) : await api.records.create(req as never);
    setBusy(false);
    if (!r.ok) {
      setConflict(r.error.conflict ?? null);
      return setError(showFieldErrors(form, r.error));
    }
    const next = again.current && !record;
    again.current = false;
    if (next) {
      // A batch of records shares its category, year, term and place; each has its own title and 档号.
      const keep = form.getFieldsValue([
        'residentClass',
        'contentCategory',
        'carrier',
        'year',
        'sensitivity',
        'retentionClass',
        'retentionYears',
        'locationId',
      ]);
      form.resetFields();
      form.setFieldsValue({ ...DEFAULTS, ...keep });
      care.markClean();
      void message.success(t('register.savedNext'));
      form.getFieldInstance('title')?.focus?.();
    }
    onSaved(r.value, { again: next });
  };
  /** After a stale edit: the record as it is now, and its version for the next save. */
  const reload = async () => {
    if (!record) return;
    const r = await api.records.get({ id: record.id });
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    form.resetFields();
    form.setFieldsValue({ ...r.value });
    setLoadedVersion(r.value.version);
    setConflict(null);
    setError(null);
    care.markClean();
  };
  const save = (andNew: boolean) => {
    again.current = andNew;
    form.submit();
  };

  const sel = (name: string, map: Record<string, { zh: string; en: string }>, span = 6) => (
    <Col span={span}>
      <Form.Item name={name} label={t(`register.f_${name}`)}>
        <Select options={options(map)} data-testid={`record-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    // Opened from the record drawer (修改) as well as from the page: always above the drawer, whose
    // portal is created later than this pre-rendered one and would otherwise cover 确定.
    <Modal
      open={open}
      width={960}
      title={record ? t('register.editRecord') : t('register.addRecord')}
      onCancel={care.requestClose}
      forceRender
      zIndex={1100}
      footer={[
        <Button key="cancel" onClick={care.requestClose}>
          {t('common.cancel')}
        </Button>,
        ...(record
          ? []
          : [
              <Button key="again" loading={busy} onClick={() => save(true)} data-testid="record-save-new">
                {t('register.saveAndNew')}
              </Button>,
            ]),
        <Button key="ok" type="primary" loading={busy} onClick={() => save(false)} data-testid="record-ok">
          {t('common.ok')}
        </Button>,
      ]}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 12 }}
          data-testid={conflict ? 'record-conflict' : undefined}
          description={
            conflict && (
              <>
                {conflict.fields.map((f) => (
                  <div key={f.path}>
                    {t(`register.f_${f.path}`)}：{t('register.conflictMine')}「{String(f.mine ?? '')}」，{t('register.conflictTheirs')}「
                    {String(f.theirs ?? '')}」
                  </div>
                ))}
                <Button size="small" style={{ marginTop: 8 }} onClick={() => void reload()} data-testid="record-conflict-reload">
                  {t('register.conflictReload')}
                </Button>
              </>
            )
          }
        />
      )}
      <Form
        form={form}
        name="record"
        layout="vertical"
        onFinish={submit}
        onValuesChange={care.onValuesChange}
        onKeyDown={care.onKeyDown}
        size="small"
        data-testid="record-form"
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="archiveNo" label={t('register.f_archiveNo')} extra={!record && proposed ? t('register.proposedNo', { no: proposed }) : undefined}>
              <Input placeholder={proposed ?? ''} style={{ fontFamily: 'monospace' }} data-testid="record-archiveNo" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="title" label={t('register.f_title')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="responsible" label={t('register.f_responsible')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="residentId" label={t('register.f_resident')}>
              <HitSelect kind="resident" testId="record-resident" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="householdId" label={t('register.f_household')}>
              <HitSelect kind="household" testId="record-household" />
            </Form.Item>
          </Col>
          {sel('residentClass', RESIDENT_CLASS_LABELS, 8)}
          <Col span={8}>
            <Form.Item name="contentCategory" label={t('register.f_contentCategory')} extra={t('categories.pickHint')}>
              <CategoryTreeSelect categories={categories} mode="file" keep={record?.contentCategory} testId="record-contentCategory" />
            </Form.Item>
          </Col>
          {sel('carrier', CARRIER_LABELS, 8)}
          <Col span={4}>
            <Form.Item name="pages" label={t('register.f_pages')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="items" label={t('register.f_items')}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="year" label={t('register.f_year')}>
              <InputNumber min={1900} max={2200} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="dateFrom" label={t('register.f_dateFrom')}>
              <DateInput testId="record-dateFrom" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="dateTo" label={t('register.f_dateTo')}>
              <DateInput testId="record-dateTo" />
            </Form.Item>
          </Col>
          {sel('sensitivity', SENSITIVITY_LABELS, 6)}
          {sel('retentionClass', RETENTION_LABELS, 6)}
          {retentionClass === 'CUSTOM' && (
            <Col span={4}>
              <Form.Item name="retentionYears" label={t('register.f_retentionYears')}>
                <InputNumber min={1} max={200} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col span={retentionClass === 'CUSTOM' ? 8 : 12}>
            <Form.Item label={t('register.f_location')} required={false} htmlFor="record_locationId">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="locationId" noStyle>
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid="record-location"
                    options={locations.map((l) => ({ value: l.id, label: l.label }))}
                    placeholder={t('register.chooseLocation')}
                  />
                </Form.Item>
                <Button icon={<PlusOutlined />} onClick={() => setAddingLoc(true)} data-testid="add-location">
                  {t('register.addLocation')}
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('register.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <LocationModal
        open={addingLoc}
        onClose={() => setAddingLoc(false)}
        onSaved={async (l) => {
          setAddingLoc(false);
          await reloadLocations();
          form.setFieldValue('locationId', l.id);
        }}
      />
    </Modal>
  );
}
