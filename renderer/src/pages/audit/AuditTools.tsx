import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditCheckpoint, AuditCheckpointCheck } from '../../../../shared/contract/audit.contract';
import type { AppErrorShape } from '../../../../shared/errors';
import { AnnualReportPanel } from '../printing/AnnualReportPanel';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText } from '../../lib/errors';
import { pdfBlobUrl } from '../../lib/pdf';

/** base64 from the Node side → a download through the browser/Electron save flow (no Node file access here). */
export function downloadBase64(base64: string, fileName: string, mime: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Print a checkpoint (shown in an in-app frame: new windows are blocked), check one typed back, monthly report. */
export function AuditTools({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [cp, setCp] = useState<(AuditCheckpoint & { url: string }) | null>(null);
  const [check, setCheck] = useState<{ seq: number; result: AuditCheckpointCheck } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const at = useArchiveTime();
  // The archive's month (its zone): early on the 1st in Beijing is already the new month.
  const [month, setMonth] = useState(() => at.today().slice(0, 7));
  const [format, setFormat] = useState<'pdf' | 'xlsx'>('pdf');
  const [busy, setBusy] = useState(false);

  const run = async <T,>(fn: () => Promise<{ ok: true; value: T } | { ok: false; error: AppErrorShape }>, then: (v: T) => void) => {
    setBusy(true);
    setError(null);
    const r = await fn();
    setBusy(false);
    if (r.ok) then(r.value);
    else setError(r.error);
    onChanged();
  };

  const checkText = (c: AuditCheckpointCheck, seq: number) => {
    if (c.ok) return t('auditTrail.checkOk', { seq, after: c.latestSeq - seq });
    if (!c.found) return t('auditTrail.checkMissing', { seq });
    if (!c.chain.ok) return t('auditTrail.checkChain', { bad: c.chain.firstBadSeq, problem: t(`problem.${c.chain.problem}`) });
    return t('auditTrail.checkMismatch', { seq });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon message={errorText(error)} closable onClose={() => setError(null)} />}
      <Space wrap>
        <Button
          loading={busy}
          data-testid="audit-checkpoint"
          onClick={() =>
            run(
              () => api.audit.checkpoint({}),
              (v) => setCp({ ...v, url: pdfBlobUrl(v.pdfBase64) }),
            )
          }
        >
          {t('auditTrail.checkpoint')}
        </Button>
        <Typography.Text>{t('auditTrail.report')}</Typography.Text>
        <Input
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          style={{ width: 150 }}
          aria-label={t('auditTrail.month')}
          data-testid="audit-report-month"
        />
        <Select
          value={format}
          onChange={setFormat}
          style={{ width: 90 }}
          options={[
            { value: 'pdf', label: 'PDF' },
            { value: 'xlsx', label: 'XLSX' },
          ]}
        />
        <Button
          loading={busy}
          disabled={!/^\d{4}-\d{2}$/.test(month)}
          data-testid="audit-report"
          onClick={() =>
            run(
              () => api.audit.monthlyReport({ month, format }),
              (f) => downloadBase64(f.base64, f.fileName, f.mime),
            )
          }
        >
          {t('auditTrail.download')}
        </Button>
      </Space>
      <Card size="small" title={t('auditTrail.checkTitle')}>
        <Form
          layout="inline"
          onFinish={(v: { seq: number; hash: string }) =>
            run(
              () => api.audit.checkAgainstCheckpoint(v),
              (result) => setCheck({ seq: v.seq, result }),
            )
          }
        >
          <Form.Item name="seq" label={t('auditTrail.checkSeq')} rules={[{ required: true }]}>
            <InputNumber min={1} data-testid="audit-check-seq" />
          </Form.Item>
          <Form.Item name="hash" label={t('auditTrail.checkHash')} rules={[{ required: true }]}>
            <Input style={{ width: 420, fontFamily: 'monospace' }} data-testid="audit-check-hash" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="audit-check">
            {t('auditTrail.check')}
          </Button>
        </Form>
        {check && (
          <Alert
            style={{ marginTop: 12 }}
            data-testid="audit-check-result"
            type={check.result.ok ? 'success' : 'error'}
            showIcon
            message={checkText(check.result, check.seq)}
          />
        )}
      </Card>
      <Card size="small" title={t('printing.tabAnnual')}>
        <AnnualReportPanel />
      </Card>
      <Modal open={!!cp} width={820} footer={null} onCancel={() => setCp(null)} title={cp && t('auditTrail.checkpointTitle', { seq: cp.seq })}>
        {cp && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type={cp.chainOk ? 'info' : 'error'} showIcon message={cp.chainOk ? t('auditTrail.checkpointHint') : t('auditTrail.checkpointBroken')} />
            <Typography.Text code copyable data-testid="audit-checkpoint-hash">
              {cp.hash}
            </Typography.Text>
            <iframe title="checkpoint" src={cp.url} style={{ width: '100%', height: 600, border: 0 }} data-testid="audit-checkpoint-pdf" />
          </Space>
        )}
      </Modal>
    </Space>
  );
}
