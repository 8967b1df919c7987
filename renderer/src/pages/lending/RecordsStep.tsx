import { Alert, Button, Form, Input, Radio, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordRow } from '../../../../shared/contract/register.contract';
import type { Carrier, RecordStatus } from '../../../../shared/domain/archive-types';
import { recordRefusals, USE_KINDS, type LendingRefusal, type UseKind } from '../../../../shared/domain/lending';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { bi, carrierLabel, kindLabel, statusLabel } from './lending-labels';

/** The same record-state rules the service applies, run here first so the desk sees a refusal at the scan. */
export const refusalsFor = (kind: UseKind, r: RecordRow): LendingRefusal[] =>
  recordRefusals(kind, { carrier: r.carrier as Carrier, status: r.status as RecordStatus });

type Note = { type: 'success' | 'warning' | 'error'; text: string } | null;

/** Step 1: kind of use, then records added by scanning (a barcode scanner types the 档号 and Enter). */
export function RecordsStep({ kind, records, onChange }: { kind: UseKind; records: RecordRow[]; onChange: (r: RecordRow[]) => void }) {
  const { t } = useTranslation();
  const [scan, setScan] = useState('');
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    const no = scan.trim();
    if (!no) return;
    setScan('');
    if (records.some((r) => r.archiveNo === no)) return setNote({ type: 'warning', text: t('lending.alreadyAdded', { no }) });
    setBusy(true);
    const r = await api.records.byArchiveNo({ archiveNo: no });
    setBusy(false);
    if (!r.ok) return setNote({ type: 'error', text: errorText(r.error) });
    if (!r.value) return setNote({ type: 'error', text: t('lending.recordNotFound', { no }) });
    const refused = refusalsFor(kind, r.value);
    if (refused.length) return setNote({ type: 'error', text: t('lending.notLendable', { no, reason: refused.map((x) => bi(x)).join(' ') }) });
    onChange([...records, r.value]);
    setNote({ type: 'success', text: t('lending.scanAdded', { no }) });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form.Item name="kind" label={t('lending.kind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          data-testid="checkout-kind"
          aria-label={t('lending.kind')}
          options={USE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
      </Form.Item>
      <Form.Item label={t('lending.scanLabel')} htmlFor="checkout_scan">
        <Input.Search
          id="checkout_scan"
          value={scan}
          onChange={(e) => setScan(e.target.value)}
          onSearch={() => void add()}
          loading={busy}
          autoFocus
          placeholder={t('lending.scanPlaceholder')}
          enterButton
          data-testid="checkout-scan"
          aria-label={t('lending.scanLabel')}
        />
      </Form.Item>
      {note && <Alert type={note.type} showIcon message={note.text} data-testid="checkout-scan-note" />}
      <Table<RecordRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={records}
        data-testid="checkout-records"
        locale={{ emptyText: t('lending.noRecords') }}
        columns={[
          { title: t('lending.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('lending.title'), dataIndex: 'title' },
          { title: t('lending.pages'), dataIndex: 'pages', width: 70 },
          { title: t('lending.carrier'), dataIndex: 'carrier', render: carrierLabel },
          { title: t('lending.recordStatus'), dataIndex: 'status', render: statusLabel },
          { title: t('lending.location'), dataIndex: 'locationLabel' },
          {
            // A record added for one kind of use may be refused after the kind is changed (e.g. electronic-only → 查阅).
            key: 'check',
            render: (_, r) =>
              refusalsFor(kind, r).map((x) => (
                <Tag color="red" key={x.code}>
                  {bi(x)}
                </Tag>
              )),
          },
          {
            key: 'remove',
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => onChange(records.filter((x) => x.id !== r.id))}>
                {t('lending.remove')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
