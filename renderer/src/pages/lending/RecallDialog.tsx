import { Alert, Descriptions, Form, Input, Modal, Select, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { LoanRow, RecallRow as RecallSchema } from '../../../../shared/contract/lending.contract';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { ReminderTag } from './lending-labels';

/** The contract's methods; the stored value stays Chinese (it is printed on the 催还单), the label follows the language. */
type RecallRow = z.infer<typeof RecallSchema>;

const METHODS = ['电话', '短信', '书面', '上门'] as const;
type Method = (typeof METHODS)[number];

/** 催还: record a recall (date = today on the server, tier = the current reminder tier) and see earlier ones. */
export function RecallDialog({ loan, onClose, onRecalled }: { loan: LoanRow | null; onClose: () => void; onRecalled: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ method: Method; note?: string }>();
  const [history, setHistory] = useState<RecallRow[]>([]);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setError(null);
    setHistory([]);
    if (loan)
      void api.lending.recalls({ loanId: loan.id }).then((r) => {
        if (r.ok) setHistory(r.value);
      });
  }, [loan]);

  const submit = async (v: { method: Method; note?: string }) => {
    if (!loan) return;
    setBusy(true);
    const r = await api.lending.recall({ loanId: loan.id, method: v.method, note: v.note?.trim() || undefined });
    setBusy(false);
    if (r.ok) onRecalled();
    else setError(r.error);
  };

  return (
    <Modal
      open={!!loan}
      title={loan && t('lending.recallTitle', { no: loan.archiveNo })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="recall-dialog"
      okButtonProps={{ 'data-testid': 'recall-ok' } as never}
    >
      {loan && (
        <Descriptions
          size="small"
          column={2}
          style={{ marginBottom: 12 }}
          items={[
            { label: t('lending.borrower'), children: [loan.borrowerName, loan.borrowerOrg].filter(Boolean).join(' · ') },
            { label: t('lending.dueDate'), children: loan.dueDate },
            { label: t('lending.overdueDays'), children: loan.overdueDays },
            { label: t('lending.reminder'), children: <ReminderTag loan={loan} /> },
          ]}
        />
      )}
      {error && <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} />}
      {loan && (
        <Form key={loan.id} form={form} name="recall" layout="vertical" onFinish={submit} initialValues={{ method: '电话' }}>
          <Form.Item name="method" label={t('lending.method')} rules={[{ required: true }]}>
            <Select data-testid="recall-method" options={METHODS.map((m) => ({ value: m, label: t(`lending.methods.${m}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('lending.note')}>
            <Input maxLength={200} data-testid="recall-note" />
          </Form.Item>
        </Form>
      )}
      {history.length > 0 && (
        <Table<RecallRow>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history}
          title={() => t('lending.recallHistory')}
          columns={[
            { title: t('lending.recallDate'), dataIndex: 'date' },
            { title: t('lending.method'), dataIndex: 'method', render: (m: string) => t(`lending.methods.${m}`, { defaultValue: m }) },
            { title: t('lending.note'), dataIndex: 'note' },
            { title: t('lending.recallBy'), dataIndex: 'by' },
          ]}
        />
      )}
    </Modal>
  );
}
