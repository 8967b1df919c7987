import { Alert, Descriptions, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoanRow } from '../../../../shared/contract/lending.contract';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import { errorText, showFieldErrors } from '../../lib/errors';

interface Values {
  pagesCounted: number;
  damageNote?: string;
  missingPages?: string;
  alterations?: string;
  outcome?: string;
  copiesMade?: number | null;
}

/** 归还: count the pages against check-out (a difference is flagged, not refused), note damage and the outcome of use. */
export function ReturnDialog({ loan, onClose, onReturned }: { loan: LoanRow | null; onClose: () => void; onReturned: (l: LoanRow) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const counted = Form.useWatch('pagesCounted', form);
  const differs = !!loan && typeof counted === 'number' && counted !== loan.pagesOut;

  useEffect(() => setError(null), [loan]);

  const submit = async (v: Values) => {
    if (!loan) return;
    const opt = (s?: string) => s?.trim() || undefined;
    setBusy(true);
    const r = await api.lending.return({
      loanId: loan.id,
      pagesCounted: v.pagesCounted,
      damageNote: opt(v.damageNote),
      missingPages: opt(v.missingPages),
      alterations: opt(v.alterations),
      outcome: opt(v.outcome),
      copiesMade: v.copiesMade ?? undefined,
    });
    setBusy(false);
    if (r.ok) onReturned(r.value);
    else {
      showFieldErrors(form, r.error);
      setError(r.error);
    }
  };

  return (
    <Modal
      open={!!loan}
      title={loan && t('lending.returnTitle', { no: loan.archiveNo })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="return-dialog"
      okButtonProps={{ 'data-testid': 'return-ok' } as never}
    >
      {loan && (
        <Descriptions
          size="small"
          column={2}
          style={{ marginBottom: 12 }}
          items={[
            { label: t('lending.title'), children: loan.title, span: 2 },
            { label: t('lending.borrower'), children: loan.borrowerName },
            { label: t('lending.pagesOut'), children: loan.pagesOut },
          ]}
        />
      )}
      {error && <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} />}
      {/* Keyed by loan: each return starts from that loan's pages out. */}
      {loan && (
        <Form key={loan.id} form={form} name="loanReturn" layout="vertical" onFinish={submit} initialValues={{ pagesCounted: loan.pagesOut }}>
          <Form.Item
            name="pagesCounted"
            label={t('lending.pagesCounted')}
            rules={[{ required: true, message: t('lending.required') }]}
            validateStatus={differs ? 'warning' : undefined}
            help={differs ? t('lending.pagesDiffer', { n: loan?.pagesOut }) : undefined}
          >
            <InputNumber min={0} max={100000} precision={0} status={differs ? 'warning' : undefined} data-testid="pages-counted" />
          </Form.Item>
          <Form.Item name="damageNote" label={t('lending.damageNote')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="missingPages" label={t('lending.missingPages')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="alterations" label={t('lending.alterations')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="outcome" label={t('lending.outcome')}>
            <Input maxLength={200} data-testid="return-outcome" />
          </Form.Item>
          <Form.Item name="copiesMade" label={t('lending.copiesMade')}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
