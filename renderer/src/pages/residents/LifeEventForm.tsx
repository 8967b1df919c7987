import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LifeEventInput, LifeEventRow } from '../../../../shared/contract/life-events.contract';
import type { HouseholdRow, ResidentRow } from '../../../../shared/contract/register.contract';
import { RESIDENCE_TYPES } from '../../../../shared/contract/register-fields';
import type { LifeEventKind } from '../../../../shared/domain/life-events';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';
import { useStructure } from '../../lib/register-data';
import { unitOptions } from './HouseholdForm';

/** Typed dates as keepers write them; the server reads them again with the shared parser (DateStr). */
const DATE_FORMATS = ['YYYY-MM-DD', 'YYYY.M.D', 'YYYY/M/D', 'YYYY-M-D', 'YYYYMMDD'];

export type LifeEventTarget =
  | { kind: Exclude<LifeEventKind, 'split' | 'merge'>; resident: { id: string; name: string; householdId: string } }
  | { kind: 'split' | 'merge'; household: HouseholdRow; members: ResidentRow[] };

type Values = {
  on?: Dayjs;
  destination?: string;
  householdId?: string;
  relationToHead?: string;
  reason?: string;
  note?: string;
  memberIds?: string[];
  headId?: string;
  unitId?: string;
  room?: string;
  residenceType?: (typeof RESIDENCE_TYPES)[number];
  intoHouseholdId?: string;
  submitForReview?: boolean;
};

/** Households to pick by address (server-side filter, so a large community stays quick). */
function HouseholdPicker({ exclude, value, onChange }: { exclude: string; value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [opts, setOpts] = useState<{ value: string; label: string }[]>([]);
  const search = useCallback(
    async (text: string) => {
      const r = await api.households.list({ text: text || undefined, offset: 0, limit: 200 });
      if (r.ok) setOpts(r.value.rows.filter((h) => h.id !== exclude && !h.shielded).map((h) => ({ value: h.id, label: h.address })));
    },
    [exclude],
  );
  useEffect(() => void search(''), [search]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (s) => void search(s) }}
      placeholder={t('life.pickHousehold')}
      options={opts}
      value={value}
      onChange={onChange}
      data-testid="life-household"
    />
  );
}

/**
 * One life event: the fields its kind needs, a date picker, then a confirmation (the event goes into
 * the trail and is undone only by its counter-event). Keepers may submit it for review instead.
 */
export function LifeEventForm({ target, onClose, onDone }: { target: LifeEventTarget | null; onClose: () => void; onDone: (e: LifeEventRow | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  // Second step in the same dialog: the values checked, the keeper confirms (no stacked modal).
  const [confirming, setConfirming] = useState<Values | null>(null);
  const { tree } = useStructure();
  const kind = target?.kind;
  const chosen = Form.useWatch('memberIds', form) ?? [];

  useEffect(() => {
    if (!target) return;
    setError(null);
    setConfirming(null);
    form.resetFields();
    if (target.kind === 'split') form.setFieldsValue({ unitId: target.household.unitId, residenceType: 'own' });
  }, [target, form]);

  const send = async (v: Values) => {
    if (!target) return;
    const on = v.on!.format('YYYY-MM-DD');
    const note = v.note || null;
    let req: LifeEventInput;
    if (target.kind === 'split') {
      req = {
        kind: 'split',
        householdId: target.household.id,
        on,
        memberIds: v.memberIds ?? [],
        headId: v.headId ?? '',
        unitId: v.unitId ?? '',
        room: v.room ?? '',
        residenceType: v.residenceType ?? 'own',
        note,
      };
    } else if (target.kind === 'merge') {
      req = { kind: 'merge', householdId: target.household.id, intoHouseholdId: v.intoHouseholdId ?? '', on, note };
    } else {
      if (!('resident' in target)) return;
      const residentId = target.resident.id;
      const relationToHead = v.relationToHead || null;
      req =
        target.kind === 'move_out'
          ? { kind: 'move_out', residentId, on, destination: v.destination ?? '', note }
          : target.kind === 'move_in' || target.kind === 'transfer'
            ? { kind: target.kind, residentId, on, householdId: v.householdId ?? '', relationToHead, note }
            : target.kind === 'death_revoked'
              ? { kind: 'death_revoked', residentId, on, reason: v.reason ?? '', note }
              : { kind: target.kind, residentId, on, note };
    }
    const r = await api.lifeEvents.record({ ...req, submitForReview: !!v.submitForReview });
    setConfirming(null);
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    const words = t(`life.kind_${target.kind}`);
    void message.success(r.value.pendingId ? t('life.proposed', { kind: words }) : t('life.done', { kind: words }));
    onDone(r.value.event);
  };

  const submit = (v: Values) => setConfirming(v);

  const name = target && 'resident' in target ? target.resident.name : target && 'household' in target ? target.household.address : '';
  const members = target && 'members' in target ? target.members : [];
  const req = (label: string) => [{ required: true, message: label }];
  return (
    <Modal
      open={!!target}
      title={kind ? `${t(`life.kind_${kind}`)} · ${name}` : ''}
      onCancel={onClose}
      onOk={() => (confirming ? send(confirming) : form.submit())}
      okText={confirming ? t('life.confirmOk') : undefined}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'life-ok', danger: !!confirming } as never}
      data-testid="life-event-form"
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {confirming && (
        <Alert
          type="warning"
          showIcon
          data-testid="life-confirm"
          style={{ marginBottom: 12 }}
          message={t('life.confirmTitle', { kind: t(`life.kind_${kind}`) })}
          description={t('life.confirmBody')}
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} onValuesChange={() => setConfirming(null)} name="life-event">
        <Form.Item name="on" label={t('life.on')} extra={t('life.onHelp')} rules={req(t('life.on'))}>
          <DatePicker format={DATE_FORMATS} style={{ width: '100%' }} data-testid="life-on" />
        </Form.Item>
        {kind === 'move_out' && (
          <Form.Item name="destination" label={t('life.destination')} rules={req(t('life.destination'))}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        {(kind === 'move_in' || kind === 'transfer') && target && 'resident' in target && (
          <>
            <Form.Item name="householdId" label={t(kind === 'move_in' ? 'life.household' : 'life.targetHousehold')} rules={req(t('life.pickHousehold'))}>
              <HouseholdPicker exclude={kind === 'transfer' ? target.resident.householdId : ''} />
            </Form.Item>
            <Form.Item name="relationToHead" label={t('life.relationToHead')}>
              <Input maxLength={20} />
            </Form.Item>
          </>
        )}
        {kind === 'death_revoked' && (
          <Form.Item name="reason" label={t('life.reason')} rules={req(t('life.reason'))}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        {kind === 'split' && (
          <>
            <Form.Item name="memberIds" label={t('life.members')} rules={req(t('life.members'))}>
              <Checkbox.Group options={members.map((m) => ({ value: m.id, label: m.name }))} data-testid="life-members" />
            </Form.Item>
            <Form.Item name="headId" label={t('life.newHead')} rules={req(t('life.newHead'))}>
              <Select options={members.filter((m) => chosen.includes(m.id)).map((m) => ({ value: m.id, label: m.name }))} data-testid="life-head" />
            </Form.Item>
            <Form.Item name="unitId" label={t('life.unit')} rules={req(t('life.unit'))}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions(tree)} />
            </Form.Item>
            <Form.Item name="room" label={t('life.room')} rules={req(t('life.room'))}>
              <Input maxLength={16} />
            </Form.Item>
            <Form.Item name="residenceType" label={t('life.residenceType')}>
              <Select options={RESIDENCE_TYPES.map((r) => ({ value: r, label: t(`register.residence_${r}`) }))} />
            </Form.Item>
          </>
        )}
        {kind === 'merge' && target && 'household' in target && (
          <Form.Item name="intoHouseholdId" label={t('life.intoHousehold')} extra={t('life.mergeHelp')} rules={req(t('life.pickHousehold'))}>
            <HouseholdPicker exclude={target.household.id} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('life.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
        <Form.Item name="submitForReview" valuePropName="checked">
          <Checkbox>{t('life.submitForReview')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
