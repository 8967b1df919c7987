import { Alert, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalBatchRow } from '../../../../shared/contract/retention.contract';
import { APPRAISAL_DECISION_KINDS, APPRAISAL_DECISION_LABELS, type AppraisalDecision, type AppraisalDecisionKind } from '../../../../shared/domain/retention';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { showFieldErrors } from '../../lib/errors';

type Item = AppraisalBatchRow['items'][number];
interface Values {
  kind: AppraisalDecisionKind;
  reviewYears?: number;
  toYears?: number;
  to?: string;
  reason: string;
}

/** The form's flat values → the contract's tagged decision (only the field its kind needs). */
function toDecision(v: Values): AppraisalDecision {
  switch (v.kind) {
    case 'keep':
      return v.reviewYears ? { kind: 'keep', reviewYears: v.reviewYears } : { kind: 'keep' };
    case 'extend':
      return { kind: 'extend', toYears: v.toYears ?? 0 };
    case 'transfer':
      return { kind: 'transfer', to: v.to ?? '' };
    default:
      return { kind: v.kind };
  }
}

/** 鉴定: keep [+ review years] / extend to N years / permanent / destroy / transfer [+ to], with a reason. */
export function DecideModal({ item, onClose, onDone }: { item: Item | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);

  const submit = async (v: Values) => {
    const r = await api.appraisal.decide({ itemId: item!.id, decision: toDecision(v), reason: v.reason });
    if (!r.ok) return void setError(showFieldErrors(form, r.error));
    setError(null);
    onDone();
  };

  const initial: Partial<Values> = item?.decision
    ? {
        kind: item.decision.kind,
        reason: item.reason ?? '',
        ...('reviewYears' in item.decision ? { reviewYears: item.decision.reviewYears } : {}),
        ...('toYears' in item.decision ? { toYears: item.decision.toYears } : {}),
        ...('to' in item.decision ? { to: item.decision.to } : {}),
      }
    : { kind: 'keep' };
  return (
    <Modal
      open={!!item}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      title={item ? t('retention.decideTitle', { no: item.archiveNo }) : ''}
      okButtonProps={{ 'data-testid': 'decide-ok' } as never}
      afterClose={() => setError(null)}
    >
      <Form form={form} name="decide" layout="vertical" onFinish={submit} preserve={false} initialValues={initial}>
        <Form.Item name="kind" label={t('retention.kind')}>
          <Radio.Group
            data-testid="decide-kind"
            aria-label={t('retention.kind')}
            options={APPRAISAL_DECISION_KINDS.map((k) => ({ value: k, label: bi(APPRAISAL_DECISION_LABELS[k]) }))}
          />
        </Form.Item>
        {kind === 'keep' && (
          <Form.Item name="reviewYears" label={t('retention.reviewYears')}>
            <InputNumber min={1} max={100} placeholder="5" />
          </Form.Item>
        )}
        {kind === 'extend' && (
          <Form.Item name="toYears" label={t('retention.toYears')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        )}
        {kind === 'transfer' && (
          <Form.Item name="to" label={t('retention.transferTo')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('retention.reason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} data-testid="decide-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
