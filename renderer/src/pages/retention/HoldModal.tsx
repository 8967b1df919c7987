import { Alert, Button, Form, Input, Modal, Popconfirm, Table, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DueRow } from '../../../../shared/contract/retention.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';

type HoldRow = { id: string; reason: string; setBy: string; setOn: string; releasedOn: string | null; releasedBy: string | null };

/** A record's holds (冻结), released ones included, with putting on and releasing (each with a reason). */
export function HoldModal({ row, onClose, onChanged }: { row: DueRow | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [holds, setHolds] = useState<HoldRow[]>([]);
  const [form] = Form.useForm<{ reason: string }>();
  const [releaseReason, setReleaseReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!row) return;
    const r = await api.retention.holds({ recordId: row.recordId });
    if (r.ok) setHolds(r.value);
  }, [row]);
  useEffect(() => {
    setError(null);
    void load();
  }, [load]);

  const after = async (r: { ok: boolean; error?: Parameters<typeof errorText>[0] }, done: string) => {
    if (!r.ok) return void setError(errorText(r.error!));
    setError(null);
    void message.success(done);
    form.resetFields();
    setReleaseReason('');
    await load();
    onChanged();
  };
  const hold = async (v: { reason?: string }) => after(await api.retention.hold({ recordId: row!.recordId, reason: v.reason ?? '' }), t('retention.holdDone'));
  const release = async (holdId: string) => after(await api.retention.release({ holdId, reason: releaseReason }), t('retention.releaseDone'));

  return (
    <Modal open={!!row} onCancel={onClose} footer={null} width={760} destroyOnHidden title={row ? t('retention.holdTitle', { no: row.archiveNo }) : ''}>
      <Table<HoldRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={holds}
        locale={{ emptyText: t('retention.noHolds') }}
        data-testid="holds-table"
        columns={[
          { title: t('retention.holdReason'), dataIndex: 'reason' },
          { title: t('retention.setBy'), dataIndex: 'setBy' },
          { title: t('retention.setOn'), dataIndex: 'setOn' },
          { title: t('retention.releasedBy'), dataIndex: 'releasedBy' },
          { title: t('retention.releasedOn'), dataIndex: 'releasedOn' },
          {
            title: t('common.actions'),
            render: (_, h) =>
              !h.releasedOn && (
                <Popconfirm
                  title={
                    <Input
                      placeholder={t('retention.releaseReason')}
                      aria-label={t('retention.releaseReason')}
                      value={releaseReason}
                      onChange={(e) => setReleaseReason(e.target.value)}
                      data-testid="release-reason"
                    />
                  }
                  onConfirm={() => release(h.id)}
                  okButtonProps={{ 'data-testid': 'release-ok' } as never}
                >
                  <Button size="small" data-testid="hold-release">
                    {t('retention.release')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {/* A named field, so 冻结原因 labels its input (clicking the label focuses it; screen readers read it). */}
      <Form form={form} name="hold" layout="inline" style={{ marginTop: 12 }} onFinish={hold}>
        <Form.Item name="reason" label={t('retention.holdReason')} style={{ flex: 1 }}>
          <Input data-testid="hold-reason" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="hold-add">
          {t('retention.addHold')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
