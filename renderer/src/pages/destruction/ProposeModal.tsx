import { Alert, Checkbox, Form, Input, Modal, Radio, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalBatchRow, DueRow } from '../../../../shared/contract/retention.contract';
import { DUE_BUCKET_LABELS, type DueBucket } from '../../../../shared/domain/retention';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText } from '../../lib/errors';
import { useSession } from '../../lib/session-context';

type Source = 'appraisal' | 'records';
type BatchHead = { id: string; batchNo: string; purpose: string; status: string };

/** Buckets whose records have reached their due date; anything else needs an administrator override. */
const DUE: readonly DueBucket[] = ['overdue', 'due_this_year', 'decided'];
const NOT_YET: readonly DueBucket[] = ['due_next_year', 'later', 'awaiting_event'];

/**
 * Draws up a register (销毁清册): normally from the "destroy" decisions of a closed appraisal
 * batch, or from records picked off the due list. Only an administrator sees the override for
 * records not yet due, and the reason is sent only for those rows so the audit trail stays exact.
 */
export function ProposeModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const isAdmin = useSession().status.session!.role === 'admin';
  const [source, setSource] = useState<Source>('appraisal');
  const [batches, setBatches] = useState<BatchHead[]>([]);
  const [batch, setBatch] = useState<AppraisalBatchRow | null>(null);
  const [due, setDue] = useState<DueRow[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setReason(t('destruction.defaultReason'));
    void api.appraisal.list({}).then((r) => r.ok && setBatches(r.value.filter((b) => b.status === 'closed')));
    const buckets = [...DUE, ...(isAdmin ? NOT_YET : [])] as DueBucket[];
    void api.retention.dueList({ buckets, limit: 2000 }).then((r) => r.ok && setDue(r.value.rows.filter((x) => x.status !== 'pending_destruction')));
  }, [open, isAdmin, t]);

  const chooseBatch = async (id: string) => {
    const r = await api.appraisal.get({ id });
    if (!r.ok) return void setError(errorText(r.error));
    setBatch(r.value);
  };
  const destroyItems = (batch?.items ?? []).filter((i) => i.decision?.kind === 'destroy');

  const submit = async () => {
    setBusy(true);
    const notYet = new Set(due.filter((d) => NOT_YET.includes(d.bucket)).map((d) => d.recordId));
    const r =
      source === 'appraisal'
        ? await api.destruction.propose({ appraisalBatchId: batch?.id, items: destroyItems.map((i) => ({ recordId: i.recordId, reason: i.reason || reason })) })
        : await api.destruction.propose({
            items: picked.map((recordId) => ({ recordId, reason, ...(override && notYet.has(recordId) ? { overrideReason } : {}) })),
          });
    setBusy(false);
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setBatch(null);
    setPicked([]);
    onDone(r.value.id);
  };

  const empty = source === 'appraisal' ? destroyItems.length === 0 : picked.length === 0;
  return (
    <Modal
      open={open}
      width={900}
      destroyOnHidden
      title={t('destruction.proposeTitle')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: empty, 'data-testid': 'propose-ok' } as never}
      afterClose={() => setError(null)}
    >
      <Form layout="vertical">
        <Form.Item label={t('destruction.source')}>
          <Radio.Group
            value={source}
            onChange={(e) => setSource(e.target.value)}
            optionType="button"
            options={[
              { value: 'appraisal', label: t('destruction.fromAppraisal') },
              { value: 'records', label: t('destruction.fromRecords') },
            ]}
          />
        </Form.Item>
        {source === 'appraisal' ? (
          <Form.Item label={t('destruction.appraisalBatch')}>
            <Select
              data-testid="propose-batch"
              value={batch?.id}
              onChange={chooseBatch}
              showSearch
              optionFilterProp="label"
              options={batches.map((b) => ({ value: b.id, label: `${b.batchNo} ${b.purpose}` }))}
            />
            {batch && !destroyItems.length && <Typography.Text type="warning">{t('destruction.noDestroyItems')}</Typography.Text>}
            {destroyItems.length > 0 && (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={destroyItems}
                style={{ marginTop: 8 }}
                data-testid="propose-items"
                columns={[
                  { title: t('destruction.archiveNo'), dataIndex: 'archiveNo' },
                  { title: t('destruction.title'), dataIndex: 'title' },
                  { title: t('destruction.reason'), dataIndex: 'reason' },
                ]}
              />
            )}
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('destruction.pick')}>
              <Table<DueRow>
                rowKey="recordId"
                size="small"
                dataSource={due}
                pagination={{ pageSize: 8 }}
                data-testid="propose-records"
                rowSelection={{ selectedRowKeys: picked, onChange: (k) => setPicked(k as string[]), getCheckboxProps: (r) => ({ disabled: r.held }) }}
                columns={[
                  { title: t('destruction.archiveNo'), dataIndex: 'archiveNo' },
                  { title: t('destruction.title'), dataIndex: 'title' },
                  { title: t('retention.dueDate'), dataIndex: 'dueDate' },
                  { title: t('retention.bucket'), dataIndex: 'bucket', render: (b: DueBucket) => bi(DUE_BUCKET_LABELS[b]) },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('destruction.reason')} required>
              <Input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="propose-reason" />
            </Form.Item>
            {isAdmin && (
              <Form.Item extra={t('destruction.overrideHint')}>
                <Checkbox checked={override} onChange={(e) => setOverride(e.target.checked)}>
                  {t('destruction.override')}
                </Checkbox>
                {override && (
                  <Input
                    style={{ marginTop: 8 }}
                    value={overrideReason}
                    onChange={(e) => setOverrideReason(e.target.value)}
                    placeholder={t('destruction.overrideReason')}
                    data-testid="propose-override-reason"
                  />
                )}
              </Form.Item>
            )}
          </>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="propose-error" />}
    </Modal>
  );
}
