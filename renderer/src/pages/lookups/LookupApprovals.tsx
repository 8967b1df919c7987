import { Alert, App, Button, Empty, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRequestRow } from '../../../../shared/contract/lookups.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useLocalTime, useSubjectLabels } from './lookup-data';
import { useAreaChanges } from '../../lib/live-areas';

export function SubjectCell({ subject, label }: { subject: string; label?: string }) {
  const { t } = useTranslation();
  const kind = subject.split(':')[0];
  return (
    <Space size={4} data-testid="lookup-subject" data-subject={subject}>
      <Tag>{t(`lookups.kind_${kind}`, kind)}</Tag>
      {label ?? (
        <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
          {subject.split(':')[1]?.slice(0, 8)}
        </Typography.Text>
      )}
    </Space>
  );
}

/** 查阅审批 (keepers, administrators): pending look-up requests, approve for N hours or refuse with a note. */
export function LookupApprovals({ onChanged }: { onChanged?: (pending: number) => void }) {
  const { t } = useTranslation();
  const localTime = useLocalTime();
  const { message } = App.useApp();
  const [rows, setRows] = useState<AccessRequestRow[]>([]);
  const [hours, setHours] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [denying, setDenying] = useState<AccessRequestRow | null>(null);
  const [note, setNote] = useState('');
  const labels = useSubjectLabels(rows);

  const load = useCallback(async () => {
    const r = await api.lookups.pending({});
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setRows(r.value);
    onChanged?.(r.value.length);
  }, [onChanged]);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['lookups'], () => void load());

  const decide = async (row: AccessRequestRow, approve: boolean, n?: string) => {
    const h = hours[row.id] ?? 8;
    const r = await api.lookups.decide({ id: row.id, approve, hours: h, note: n?.trim() || undefined });
    if (!r.ok) return void message.error(errorText(r.error));
    void message.success(approve ? t('lookups.approvedMsg', { h }) : t('lookups.deniedMsg'));
    await load();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="lookup-approvals">
      <Button size="small" onClick={() => void load()} data-testid="lookup-approvals-reload">
        {t('lookups.reload')}
      </Button>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AccessRequestRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        data-testid="lookup-pending-table"
        locale={{ emptyText: <Empty description={t('lookups.noPending')} /> }}
        columns={[
          { title: t('lookups.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => localTime(v) },
          { title: t('lookups.requester'), dataIndex: 'requester', width: 110 },
          { title: t('lookups.subject'), dataIndex: 'subject', width: 220, render: (s: string) => <SubjectCell subject={s} label={labels[s]} /> },
          { title: t('lookups.purpose'), dataIndex: 'purpose', ellipsis: true },
          {
            title: t('common.actions'),
            key: 'a',
            width: 300,
            render: (_, r) => (
              <Space size={4}>
                <InputNumber
                  size="small"
                  min={1}
                  max={72}
                  value={hours[r.id] ?? 8}
                  style={{ width: 96 }}
                  suffix={t('lookups.hoursUnit')}
                  title={t('lookups.hours')}
                  aria-label={t('lookups.hours')}
                  onChange={(v) => setHours((o) => ({ ...o, [r.id]: typeof v === 'number' ? v : 8 }))}
                  data-testid="lookup-hours"
                />
                <Button size="small" type="primary" onClick={() => void decide(r, true)} data-testid="lookup-approve">
                  {t('lookups.approve')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setNote('');
                    setDenying(r);
                  }}
                  data-testid="lookup-deny"
                >
                  {t('lookups.deny')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!denying}
        title={t('lookups.denyTitle')}
        destroyOnHidden
        onCancel={() => setDenying(null)}
        okButtonProps={{ danger: true, 'data-testid': 'lookup-deny-ok' } as never}
        onOk={async () => {
          const r = denying!;
          setDenying(null);
          await decide(r, false, note);
        }}
      >
        <Input.TextArea
          value={note}
          maxLength={200}
          rows={3}
          placeholder={t('lookups.denyNote')}
          onChange={(e) => setNote(e.target.value)}
          data-testid="lookup-deny-note"
        />
      </Modal>
    </Space>
  );
}
