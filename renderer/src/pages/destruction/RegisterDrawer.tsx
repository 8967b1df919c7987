import { Alert, Button, Descriptions, Drawer, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DestructionBatchRow } from '../../../../shared/contract/retention.contract';
import { CARRIER_LABELS, type Carrier } from '../../../../shared/domain/archive-types';
import { DESTRUCTION_METHOD_LABELS } from '../../../../shared/domain/destruction-types';
import { isAllowed } from '../../../../shared/permissions';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText } from '../../lib/errors';
import { pdfBlobUrl } from '../../lib/pdf';
import { useSession } from '../../lib/session-context';
import { ExecuteModal } from './ExecuteModal';
import { OpinionModal } from './OpinionModal';
import { PdfPreview, type PdfDoc } from './PdfPreview';
import { StatusTag, useShortTime } from './status';
import { SupervisorModal } from './SupervisorModal';

type Step = 'approve' | 'reject' | 'supervisor' | 'execute' | null;

/**
 * One register and the next step of its procedure: an administrator other than the proposer
 * approves, two supervisors confirm at this desk, the keeper executes, then the PDFs.
 * The buttons follow the status; the Node side still checks every rule.
 */
export function RegisterDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const shortTime = useShortTime();
  const { status } = useSession();
  const me = status.session!;
  const [b, setB] = useState<DestructionBatchRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);

  const load = useCallback(async () => {
    if (!id) return setB(null);
    const r = await api.destruction.get({ id });
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setB(r.value);
  }, [id]);
  useEffect(() => void load(), [load]);

  const changed = (next: DestructionBatchRow) => {
    setB(next);
    setStep(null);
    onChanged();
  };
  const openPdf = async (which: 'register' | 'certificate') => {
    if (!b) return;
    if (which === 'register') {
      const r = await api.destruction.registerPdf({ id: b.id });
      if (!r.ok) return void setError(errorText(r.error));
      setDoc({ title: t('destruction.registerPdf'), url: pdfBlobUrl(r.value.dataBase64), note: `${t('destruction.registerSha')}: ${r.value.sha256}` });
    } else {
      const r = await api.destruction.certificatePdf({ id: b.id });
      if (!r.ok) return void setError(errorText(r.error));
      setDoc({
        title: t('destruction.certificatePdf'),
        url: pdfBlobUrl(r.value.dataBase64),
        note: b.registerSha256 ? `${t('destruction.registerSha')}: ${b.registerSha256}` : undefined,
      });
    }
  };

  const repropose = async () => {
    if (!b) return;
    const r = await api.destruction.repropose({ id: b.id });
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    changed(r.value);
  };

  const canApprove = b?.status === 'proposed' && me.role === 'admin' && b.proposedBy !== me.username;
  const enoughSupervisors = (b?.supervisors.length ?? 0) >= 2;
  const open = b?.status === 'proposed' || b?.status === 'approved';
  const problems = open ? (b?.problems ?? []) : [];

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size="large"
      destroyOnHidden
      title={b ? `${t('destruction.detailTitle', { no: b.registerNo })}${b.revision > 1 ? t('destruction.revision', { n: b.revision }) : ''}` : ''}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="register-error" />}
      {b && (
        <div data-testid="register-detail">
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('destruction.status')}>
              <StatusTag status={b.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('destruction.totals')}>{t('destruction.totalsText', b.totals)}</Descriptions.Item>
            <Descriptions.Item label={t('destruction.proposedBy')}>
              <span data-testid="register-proposer">{b.proposedByName}</span> · {shortTime(b.proposedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('destruction.approvedBy')}>
              {b.approvedByName ? (
                <>
                  <span data-testid="register-approver">{b.approvedByName}</span> · {shortTime(b.approvedAt)}
                </>
              ) : (
                ''
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('destruction.opinion')} span={2}>
              {b.approverOpinion}
            </Descriptions.Item>
            <Descriptions.Item label={t('destruction.supervisors')} span={2}>
              <span data-testid="register-supervisors">{b.supervisors.map((s) => `${s.name}（${shortTime(s.confirmedAt)}）`).join('、')}</span>
              {b.status === 'approved' && <Typography.Text type="secondary"> {t('destruction.supervisorCount', { n: b.supervisors.length })}</Typography.Text>}
            </Descriptions.Item>
            {b.status === 'executed' && (
              <>
                <Descriptions.Item label={t('destruction.execTime')}>{b.execTime}</Descriptions.Item>
                <Descriptions.Item label={t('destruction.place')}>{b.place}</Descriptions.Item>
                <Descriptions.Item label={t('destruction.methods')} span={2}>
                  {b.methods.map((m) => bi(DESTRUCTION_METHOD_LABELS[m])).join('、')}
                </Descriptions.Item>
                <Descriptions.Item label={t('destruction.registerSha')} span={2}>
                  <Typography.Text code copyable data-testid="register-sha" style={{ wordBreak: 'break-all' }}>
                    {b.registerSha256}
                  </Typography.Text>
                </Descriptions.Item>
              </>
            )}
          </Descriptions>

          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="register-problems"
              title={b.status === 'approved' ? t('destruction.changedSinceApproval') : t('destruction.notEligibleNow')}
              description={
                <>
                  <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
                    {problems.map((p, i) => (
                      <li key={i}>
                        {p.archiveNo && <Typography.Text code>{p.archiveNo}</Typography.Text>} {bi(p)}
                      </li>
                    ))}
                  </ul>
                  {isAllowed(me.role, 'destruction.propose') && (
                    <Popconfirm title={t('destruction.reproposeConfirm')} onConfirm={repropose} okButtonProps={{ 'data-testid': 'repropose-ok' } as never}>
                      <Button type="primary" data-testid="register-repropose">
                        {t('destruction.repropose')}
                      </Button>
                    </Popconfirm>
                  )}
                </>
              }
            />
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            {b.status === 'proposed' && (
              <Tooltip title={canApprove ? '' : t('destruction.approverHint')}>
                <Button type="primary" disabled={!canApprove} onClick={() => setStep('approve')} data-testid="register-approve">
                  {t('destruction.approve')}
                </Button>
              </Tooltip>
            )}
            {b.status === 'proposed' && (
              <Button danger disabled={!canApprove} onClick={() => setStep('reject')} data-testid="register-reject">
                {t('destruction.reject')}
              </Button>
            )}
            {b.status === 'approved' && (
              <Button onClick={() => setStep('supervisor')} data-testid="register-supervisor">
                {t('destruction.confirmSupervisor')}
              </Button>
            )}
            {b.status === 'approved' && (
              <Tooltip title={enoughSupervisors ? '' : t('destruction.needTwo')}>
                <Button type="primary" danger disabled={!enoughSupervisors} onClick={() => setStep('execute')} data-testid="register-execute">
                  {t('destruction.execute')}
                </Button>
              </Tooltip>
            )}
            {b.status === 'executed' && (
              <Button onClick={() => openPdf('register')} data-testid="register-pdf">
                {t('destruction.registerPdf')}
              </Button>
            )}
            {b.status === 'executed' && (
              <Button type="primary" onClick={() => openPdf('certificate')} data-testid="certificate-pdf">
                {t('destruction.certificatePdf')}
              </Button>
            )}
          </Space>

          <Table
            rowKey="recordId"
            size="small"
            pagination={false}
            dataSource={b.items}
            data-testid="register-items"
            columns={[
              { title: t('destruction.archiveNo'), dataIndex: 'archiveNo' },
              { title: t('destruction.title'), dataIndex: 'title' },
              { title: t('destruction.carrier'), dataIndex: 'carrier', width: 90, render: (c: string) => bi(CARRIER_LABELS[c as Carrier], c) },
              { title: t('destruction.pages'), dataIndex: 'pages', width: 70 },
              { title: t('destruction.attachments'), dataIndex: 'attachments', width: 90 },
              { title: t('destruction.reason'), dataIndex: 'reason' },
              { title: t('destruction.overrideReason'), dataIndex: 'overrideReason' },
            ]}
          />
        </div>
      )}
      {b && <OpinionModal kind={step === 'approve' || step === 'reject' ? step : null} batchId={b.id} onClose={() => setStep(null)} onDone={changed} />}
      {b && <SupervisorModal open={step === 'supervisor'} batchId={b.id} onClose={() => setStep(null)} onDone={changed} />}
      {b && <ExecuteModal open={step === 'execute'} batchId={b.id} onClose={() => setStep(null)} onDone={changed} onFailed={() => void load()} />}
      <PdfPreview doc={doc} onClose={() => setDoc(null)} />
    </Drawer>
  );
}
