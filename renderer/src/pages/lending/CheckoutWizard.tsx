import { Alert, Button, Form, Modal, Result, Steps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoanRow } from '../../../../shared/contract/lending.contract';
import type { RecordRow } from '../../../../shared/contract/register.contract';
import { DEFAULT_LENDING_POLICY, dueDateFor, type UseKind } from '../../../../shared/domain/lending';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText, showFieldErrors } from '../../lib/errors';
import { ApprovalStep, BorrowerStep, type ScanFile } from './PartiesSteps';
import { ApproverConfirm } from './ApproverConfirm';
import { RecordsStep, refusalsFor } from './RecordsStep';
import { usePdfPreview } from './PdfPreview';
import { useStaff } from './use-staff';

interface Values {
  kind: UseKind;
  borrower: { kind: 'staff' | 'external'; userId?: string; name?: string; idNumber?: string; organisation?: string; letterNo?: string; phone?: string };
  purpose: string;
  approval: { mode: 'confirmed' | 'paper'; approverName?: string; opinion?: string };
  dueDate: string;
  condition?: string;
  pagesConfirmed?: boolean;
}

const EXTERNAL_FIELDS = ['name', 'idNumber', 'organisation', 'letterNo', 'phone'] as const;

/** Which step holds a field the server complained about, so the wizard can go back to it. */
function stepOf(path: string): number {
  if (path.startsWith('recordIds') || path === 'kind') return 0;
  if (path.startsWith('borrower') || path === 'purpose') return 1;
  return 2;
}

/** 办理借阅: records → borrower and purpose → approval and checks → issued (print the 借阅单). */
export function CheckoutWizard({ open, onClose, onIssued }: { open: boolean; onClose: () => void; onIssued: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [records, setRecords] = useState<RecordRow[]>([]);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [issued, setIssued] = useState<LoanRow[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [loanDays, setLoanDays] = useState(DEFAULT_LENDING_POLICY.loanDays);
  // Until the keeper edits the due date it follows the kind of use, and the server computes it on its own clock.
  const dueTouched = useRef(false);
  const staff = useStaff();
  const pdf = usePdfPreview();
  const at = useArchiveTime();
  const kind = (Form.useWatch('kind', form) ?? 'borrow') as UseKind;
  const borrowerKind = Form.useWatch(['borrower', 'kind'], form) ?? 'staff';
  const approvalMode = (Form.useWatch(['approval', 'mode'], form) ?? 'confirmed') as 'confirmed' | 'paper';
  const [scan, setScan] = useState<ScanFile | null>(null);
  // 审批人确认: the approver's own user name and password, typed into a small box at submit.
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (!open) return;
    void api.settings.get({}).then((r) => {
      if (r.ok) setLoanDays(r.value.loanDays);
    });
  }, [open]);

  useEffect(() => {
    // The archive's today, as the server counts it, not the browser's (the web host may be elsewhere).
    // Also on each opening: closing resets the form, and a second loan needs its default due date again.
    if (open && !dueTouched.current) form.setFieldValue('dueDate', dueDateFor(kind, at.today(), { ...DEFAULT_LENDING_POLICY, loanDays }));
  }, [open, kind, loanDays, form, at]);

  const reset = () => {
    form.resetFields();
    dueTouched.current = false;
    setStep(0);
    setRecords([]);
    setError(null);
    setIssued(null);
    setScan(null);
    setConfirming(false);
  };
  const close = () => {
    reset();
    onClose();
  };

  const stepFields = (): (string | string[])[] => {
    if (step === 0) return ['kind'];
    if (step === 1) return borrowerKind === 'staff' ? [['borrower', 'userId'], 'purpose'] : [...EXTERNAL_FIELDS.map((f) => ['borrower', f]), 'purpose'];
    return approvalMode === 'paper' ? [['approval', 'approverName'], ['approval', 'scan'], 'dueDate', 'pagesConfirmed'] : ['dueDate', 'pagesConfirmed'];
  };

  const next = async () => {
    setError(null);
    if (step === 0 && (!records.length || records.some((r) => refusalsFor(kind, r).length))) {
      setError({ code: 'VALIDATION', zh: t('lending.noRecords'), en: t('lending.noRecords') });
      return;
    }
    try {
      await form.validateFields(stepFields());
    } catch {
      return;
    }
    if (step < 2) setStep(step + 1);
    else if (approvalMode === 'confirmed') setConfirming(true);
    else await submit({ mode: 'paper', approverName: (form.getFieldValue(['approval', 'approverName']) as string) ?? '', scan: scan! });
  };

  type Approval = { mode: 'confirmed'; username: string; password: string } | { mode: 'paper'; approverName: string; scan: ScanFile };

  /** Resolves with the refusal (shown in the confirm box too), or null once the slip is issued. */
  const submit = async (approval: Approval): Promise<AppErrorShape | null> => {
    const v = form.getFieldsValue(true) as Values;
    const b = v.borrower;
    const borrower =
      b.kind === 'staff'
        ? { kind: 'staff' as const, userId: b.userId ?? '' }
        : {
            kind: 'external' as const,
            name: b.name ?? '',
            idNumber: b.idNumber ?? '',
            organisation: b.organisation ?? '',
            letterNo: b.letterNo ?? '',
            phone: b.phone || undefined,
          };
    setBusy(true);
    const r = await api.lending.checkout({
      recordIds: records.map((x) => x.id),
      kind: v.kind,
      borrower,
      approval: { ...approval, opinion: v.approval?.opinion || undefined },
      purpose: v.purpose,
      dueDate: dueTouched.current ? v.dueDate : undefined,
      pagesConfirmed: true,
      condition: v.condition || undefined,
    });
    setBusy(false);
    if (r.ok) {
      setConfirming(false);
      setIssued(r.value);
      setStep(3);
      onIssued();
      return null;
    }
    // A refused confirmation (wrong password, waiting, no right to approve) stays in the confirm box;
    // anything about the loan itself closes it and goes back to the step that holds the field.
    const aboutApprover =
      approval.mode === 'confirmed' && ['BAD_CREDENTIALS', 'THROTTLED', 'USER_DISABLED', 'MUST_CHANGE_PASSWORD', 'FORBIDDEN'].includes(r.error.code);
    if (aboutApprover) return r.error;
    setConfirming(false);
    showFieldErrors(form, r.error);
    if (r.error.fields?.length) setStep(stepOf(r.error.fields[0].path));
    setError(r.error);
    return r.error;
  };

  const slipNo = issued?.[0]?.slipNo ?? '';
  const footer = issued
    ? [
        <Button key="close" onClick={close} data-testid="checkout-close">
          {t('lending.close')}
        </Button>,
      ]
    : [
        <Button key="prev" disabled={step === 0} onClick={() => setStep(step - 1)}>
          {t('lending.prev')}
        </Button>,
        <Button key="next" type="primary" loading={busy} onClick={() => void next()} data-testid={step < 2 ? 'checkout-next' : 'checkout-submit'}>
          {step < 2 ? t('lending.next') : t('lending.submit')}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={t('lending.wizardTitle')}
      width={920}
      onCancel={close}
      footer={footer}
      destroyOnHidden
      data-testid="checkout-wizard"
      maskClosable={false}
    >
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 16 }}
        items={[t('lending.stepRecords'), t('lending.stepBorrower'), t('lending.stepApproval'), t('lending.stepDone')].map((title) => ({ title }))}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          message={errorText(error)}
          style={{ marginBottom: 12 }}
          data-testid="checkout-error"
          closable
          onClose={() => setError(null)}
        />
      )}
      {/* Every step stays mounted (only hidden) so the values survive going back and forth. */}
      <Form
        form={form}
        name="checkout"
        layout="vertical"
        initialValues={{ kind: 'borrow', borrower: { kind: 'staff' }, approval: { mode: 'confirmed' }, pagesConfirmed: false }}
        onValuesChange={(changed: Partial<Values>) => {
          if ('dueDate' in changed) dueTouched.current = true;
        }}
      >
        <div style={{ display: step === 0 ? undefined : 'none' }}>
          <RecordsStep kind={kind} records={records} onChange={setRecords} />
        </div>
        <div style={{ display: step === 1 ? undefined : 'none' }}>
          <BorrowerStep borrowerKind={borrowerKind} staff={staff.staff} limited={staff.limited} />
        </div>
        <div style={{ display: step === 2 ? undefined : 'none' }}>
          <ApprovalStep mode={approvalMode} scan={scan} onScan={setScan} loanDays={loanDays} totalPages={records.reduce((n, r) => n + r.pages, 0)} />
        </div>
      </Form>
      {issued && (
        <Result
          status="success"
          title={t('lending.done', { slip: slipNo, n: issued.length })}
          data-testid="checkout-done"
          extra={
            <Button
              type="primary"
              data-testid="print-slip"
              onClick={() => void pdf.open(t('lending.slipTitle', { slip: slipNo }), () => api.lending.slipPdf({ slipNo }))}
            >
              {t('lending.printSlip')}
            </Button>
          }
        />
      )}
      <ApproverConfirm
        open={confirming}
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={(username, password) => submit({ mode: 'confirmed', username, password })}
      />
      {pdf.element}
    </Modal>
  );
}
