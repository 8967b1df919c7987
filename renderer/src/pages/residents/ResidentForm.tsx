import { Alert, App, AutoComplete, Button, Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentDetail, ResidentRow } from '../../../../shared/contract/register.contract';
import { SPECIAL_CATEGORIES } from '../../../../shared/contract/register-fields';
import { parseCitizenId } from '../../../../shared/domain/citizen-id';
import { RESIDENT_TYPES } from '../../../../shared/domain/resident-types';
import { DateInput } from '../../components/DateInput';
import { api } from '../../lib/api';
import { useFormCare } from '../../lib/form-care';
import { showFieldErrors } from '../../lib/errors';
import { blanksToNull } from '../../lib/register-data';
import { SUGGEST } from './resident-vocab';

const TEXT_FIELDS = [
  'ethnicity',
  'politicalStatus',
  'education',
  'occupation',
  'employer',
  'phone',
  'hukouPlace',
  'relationToHead',
  'maritalStatus',
  'health',
  'disability',
  'medicalInsurance',
  'socialInsurance',
  'subsistence',
  'familyPlanning',
] as const;

/** Add or edit a resident: the basic-information form; server field errors land at the fields. */
export function ResidentForm({
  open,
  householdId,
  resident,
  onClose,
  onSaved,
}: {
  open: boolean;
  householdId: string;
  resident: ResidentDetail | null;
  onClose: () => void;
  /** `again`: 保存并新增 — the form stays open, empty, for the next resident. */
  onSaved: (saved: ResidentRow | null, opts?: { again: boolean }) => void;
}) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const care = useFormCare(form, { onClose, clearBanner: () => setError(null) });
  const again = useRef(false);
  const blank = { residentType: 'registered', specialCategories: [] };

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(resident ? { ...resident } : blank);
    care.markClean();
    // `blank` is a fresh literal each render; the form resets only when opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, resident, form]);

  // Birth date and gender follow a valid citizen ID when left empty.
  const onValuesChange = (changed: Record<string, unknown>) => {
    care.onValuesChange(changed);
    if (typeof changed.citizenId !== 'string') return;
    const p = parseCitizenId(changed.citizenId);
    if (!p.ok) return;
    if (!form.getFieldValue('birthDate')) form.setFieldValue('birthDate', p.info.birthDate);
    if (!form.getFieldValue('gender')) form.setFieldValue('gender', p.info.gender);
  };

  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    const { submitForReview, specialCategories, ...rest } = v;
    const req = {
      ...blanksToNull(rest),
      householdId,
      specialCategories: (specialCategories as string[] | undefined) ?? [],
      submitForReview: !!submitForReview,
    } as never;
    const r = resident ? await api.residents.update({ ...(req as object), id: resident.id } as never) : await api.residents.create(req);
    setBusy(false);
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    setError(null);
    if (r.value.warnings.length) {
      modal.warning({
        title: t('register.warnings'),
        content: (
          <div data-testid="resident-warnings">
            {r.value.warnings.map((w, i) => (
              <p key={i}>{lang === 'en' ? w.en : w.zh}</p>
            ))}
          </div>
        ),
      });
    }
    const next = again.current && !resident;
    again.current = false;
    void message.success(r.value.pendingId ? t('register.submittedForReview') : next ? t('register.savedNext') : t('register.saved'));
    if (next) {
      form.resetFields();
      form.setFieldsValue(blank);
      care.markClean();
      form.getFieldInstance('name')?.focus?.();
    }
    onSaved(r.value.resident, { again: next });
  };
  const save = (andNew: boolean) => {
    again.current = andNew;
    form.submit();
  };

  const text = (name: (typeof TEXT_FIELDS)[number]) => {
    const s = (SUGGEST as Record<string, readonly { value: string; zh: string; en: string }[]>)[name];
    // The stored value is the Chinese term in both languages; English shows its translation beside it.
    const options = s?.map((x) => ({ value: x.value, label: lang === 'en' && x.en !== x.value ? `${x.value} · ${x.en}` : x.value }));
    return (
      <Col span={8} key={name}>
        <Form.Item name={name} label={t(`register.r_${name}`)}>
          {options ? (
            <AutoComplete
              options={options}
              filterOption={(inp, o) =>
                String(o?.label ?? '')
                  .toLowerCase()
                  .includes(inp.toLowerCase())
              }
            />
          ) : (
            <Input />
          )}
        </Form.Item>
      </Col>
    );
  };

  return (
    <Modal
      open={open}
      width={960}
      title={resident ? t('register.editResident') : t('register.addResident')}
      onCancel={care.requestClose}
      forceRender
      footer={[
        <Button key="cancel" onClick={care.requestClose}>
          {t('common.cancel')}
        </Button>,
        ...(resident
          ? []
          : [
              <Button key="again" loading={busy} onClick={() => save(true)} data-testid="resident-save-new">
                {t('register.saveAndNew')}
              </Button>,
            ]),
        <Button key="ok" type="primary" loading={busy} onClick={() => save(false)} data-testid="resident-ok">
          {t('common.ok')}
        </Button>,
      ]}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="resident-error" />}
      <Form
        form={form}
        name="resident"
        layout="vertical"
        onFinish={submit}
        onValuesChange={onValuesChange}
        onKeyDown={care.onKeyDown}
        data-testid="resident-form"
        size="small"
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="name" label={t('register.r_name')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="citizenId" label={t('register.r_citizenId')}>
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="gender" label={t('register.r_gender')}>
              <Select
                allowClear
                options={[
                  { value: 'male', label: t('register.male') },
                  { value: 'female', label: t('register.female') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="birthDate" label={t('register.r_birthDate')}>
              <DateInput testId="resident-birthDate" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="residentType" label={t('register.r_residentType')}>
              <Select options={RESIDENT_TYPES.map((r) => ({ value: r, label: t(`register.rtype_${r}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="moveInDate" label={t('register.r_moveInDate')}>
              <DateInput testId="resident-moveInDate" />
            </Form.Item>
          </Col>
          {TEXT_FIELDS.map(text)}
          <Col span={24}>
            <Form.Item name="specialCategories" label={t('register.r_specialCategories')} extra={t('register.specialHint')}>
              <Checkbox.Group
                role="group"
                aria-label={t('register.r_specialCategories')}
                options={SPECIAL_CATEGORIES.map((c) => ({ value: c, label: t(`register.special_${c}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('register.r_notes')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="submitForReview" valuePropName="checked">
              <Checkbox>{t('register.submitForReview')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
