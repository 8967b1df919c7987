import { App, Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoanRow } from '../../../../shared/contract/lending.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { ApprovalScanViewer } from './ApprovalScanViewer';
import { ApprovalTag, kindLabel, ReminderTag } from './lending-labels';
import { usePdfPreview } from './PdfPreview';
import { RecallDialog } from './RecallDialog';
import { ReturnDialog } from './ReturnDialog';

export type LoanState = 'out' | 'overdue' | 'dueSoon' | 'all';

/** One tab's list of loans with the desk's actions: return, renew, recall, recall slip. */
export function LoansTable({
  state,
  recordId,
  borrower,
  reloadKey,
  onChanged,
}: {
  state: LoanState;
  recordId?: string;
  borrower?: string;
  /** Bumped by the page when something changed elsewhere (a new loan, another tab's action). */
  reloadKey: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [rows, setRows] = useState<LoanRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [returning, setReturning] = useState<LoanRow | null>(null);
  const [recalling, setRecalling] = useState<LoanRow | null>(null);
  const [scanOf, setScanOf] = useState<string | null>(null);
  const pdf = usePdfPreview();

  const load = useCallback(async () => {
    setLoading(true);
    const r = await api.lending.list({ state, recordId, borrower, limit: 500 });
    setLoading(false);
    if (r.ok) setRows(r.value);
    else message.error(errorText(r.error));
  }, [state, recordId, borrower, message]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  const renew = async (l: LoanRow) => {
    const r = await api.lending.renew({ loanId: l.id });
    if (r.ok) {
      message.success(t('lending.renewed', { due: r.value.dueDate }));
      onChanged();
    } else message.error({ content: errorText(r.error), className: 'renew-error' });
  };

  const columns: ColumnsType<LoanRow> = [
    // The first and last columns stay put while the rest scroll sideways in the card.
    { title: t('lending.slipNo'), dataIndex: 'slipNo', width: 150, fixed: 'left' },
    {
      title: t('lending.archiveNo'),
      dataIndex: 'archiveNo',
      render: (no: string, l) => (
        <div style={{ maxWidth: 240 }}>
          <div>{no}</div>
          <Typography.Text type="secondary" ellipsis={{ tooltip: l.title }}>
            {l.title}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('lending.kind'), dataIndex: 'kind', render: kindLabel, width: 90 },
    { title: t('lending.borrower'), key: 'borrower', render: (_, l) => [l.borrowerName, l.borrowerOrg].filter(Boolean).join(' · ') },
    {
      title: t('lending.approver'),
      key: 'approver',
      width: 150,
      render: (_, l) => (
        <Space size={2} wrap data-testid="loan-approval">
          <span>{l.approverName}</span>
          <ApprovalTag mode={l.approvalMode} />
          {l.approvalScan && (
            <Button size="small" type="link" onClick={() => setScanOf(l.id)} data-testid="loan-scan">
              {t('lending.viewScan')}
            </Button>
          )}
        </Space>
      ),
    },
    { title: t('lending.checkoutDate'), dataIndex: 'checkoutDate', width: 110 },
    { title: t('lending.dueDate'), dataIndex: 'dueDate', width: 110 },
  ];
  if (state === 'overdue') {
    columns.push({
      title: t('lending.overdueDays'),
      dataIndex: 'overdueDays',
      width: 110,
      render: (n: number) => (
        <Tag color="red" data-testid="overdue-days">
          {t('lending.overdueN', { n })}
        </Tag>
      ),
    });
  }
  if (state !== 'all') columns.push({ title: t('lending.reminder'), key: 'reminder', render: (_, l) => <ReminderTag loan={l} /> });
  columns.push({ title: t('lending.renewals'), dataIndex: 'renewals', width: 70 }, { title: t('lending.recalls'), dataIndex: 'recalls', width: 80 });
  if (state === 'all') {
    columns.push({
      title: t('lending.state'),
      key: 'state',
      render: (_, l) =>
        l.returnedOn ? (
          <Tag color="green">
            {t('lending.stateReturned')} {l.returnedOn}
          </Tag>
        ) : (
          <Tag color="blue">{t('lending.stateOut')}</Tag>
        ),
    });
  }
  columns.push({
    // Fixed to the right edge: at 1366×768 the other columns scroll under it instead of pushing it off-screen.
    title: t('lending.actions'),
    key: 'actions',
    width: 250,
    fixed: 'right',
    render: (_, l) =>
      l.returnedOn ? null : (
        <Space size={4} wrap data-testid="loan-actions">
          <Button size="small" type="primary" onClick={() => setReturning(l)} data-testid="loan-return">
            {t('lending.return')}
          </Button>
          {l.kind === 'borrow' && (
            <Button size="small" onClick={() => void renew(l)} data-testid="loan-renew">
              {t('lending.renew')}
            </Button>
          )}
          <Button size="small" onClick={() => setRecalling(l)} data-testid="loan-recall">
            {t('lending.recall')}
          </Button>
          <Button
            size="small"
            onClick={() => void pdf.open(t('lending.recallSlipTitle', { no: l.archiveNo }), () => api.lending.recallPdf({ loanId: l.id }))}
            data-testid="loan-recall-pdf"
          >
            {t('lending.recallPdf')}
          </Button>
        </Space>
      ),
  });

  return (
    <>
      <Table<LoanRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        columns={columns}
        data-testid={`loans-${state}`}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('lending.empty') }}
        scroll={{ x: 'max-content' }}
      />
      <ReturnDialog
        loan={returning}
        onClose={() => setReturning(null)}
        onReturned={(l) => {
          setReturning(null);
          message.success(t('lending.returned', { no: l.archiveNo }));
          onChanged();
        }}
      />
      <RecallDialog
        loan={recalling}
        onClose={() => setRecalling(null)}
        onRecalled={() => {
          setRecalling(null);
          message.success(t('lending.recallSaved'));
          onChanged();
        }}
      />
      <ApprovalScanViewer loanId={scanOf} onClose={() => setScanOf(null)} />
      {pdf.element}
    </>
  );
}
