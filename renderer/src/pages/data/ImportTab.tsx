import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Popconfirm, Progress, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../../shared/contract/data.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { fileToBase64 } from '../../lib/register-data';
import { ImportCounts, ImportReportView } from './ImportReportView';
import { downloadRejectedRows } from './rejected-rows';
import { saveBase64 } from './save-file';
import { useImportJob } from './use-import-job';

interface Chosen {
  name: string;
  base64: string;
}

/**
 * 导入: template → choose a file → dry run (report) → import as a job with progress and cancel.
 * The dry run belongs to the chosen file: choosing another one clears it, so "import" is only ever
 * offered for exactly the bytes that were checked clean.
 */
export function ImportTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<Chosen | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [checking, setChecking] = useState(false);
  // A 基本信息档案 per new person takes a 档号 each: only when the keeper asks for it.
  const [basicRecords, setBasicRecords] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const job = useImportJob();
  const running = job.job?.state === 'running';

  const template = async () => {
    const r = await api.importer.template({});
    if (!r.ok) return void setError(errorText(r.error));
    saveBase64(r.value.dataBase64, r.value.fileName, r.value.mime);
  };

  const choose = async (f: File) => {
    if (!/\.(xlsx|csv)$/i.test(f.name)) return void message.error(t('data.badType'));
    setFile({ name: f.name, base64: await fileToBase64(f) });
    setReport(null);
    setError(null);
    job.reset();
  };

  // Also run again after each mapping change, so the report always reflects the saved mappings.
  const dryRun = async () => {
    if (!file) return;
    setChecking(true);
    setError(null);
    job.reset();
    try {
      const r = await api.importer.dryRun({ fileName: file.name, dataBase64: file.base64, basicRecords });
      if (!r.ok) return void setError(errorText(r.error));
      setReport(r.value);
    } finally {
      setChecking(false);
    }
  };

  // While importing and after success the job card says it all; a refused job brings its own report
  // (the archive changed since the dry run), which replaces the dry run's.
  const refused = job.job?.state === 'failed' ? job.job.report : null;
  const shown = refused ?? (job.job && job.job.state !== 'cancelled' ? null : report);
  const idle = !job.job || job.job.state === 'cancelled';
  const canCommit = !!file && !!report && report.issueCount === 0 && report.rows > 0 && idle;
  // Rows with problems can be left out on purpose: they come back as an XLSX to fix and import later.
  const canSkip = !!file && !!report && report.issueCount > 0 && report.validRows > 0 && idle;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('data.importIntro')}
      </Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={() => void template()} data-testid="import-template">
          {t('data.template')}
        </Button>
        <span data-testid="import-upload">
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            disabled={running}
            beforeUpload={(f) => {
              void choose(f);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={running}>
              {t('data.chooseFile')}
            </Button>
          </Upload>
        </span>
        <Typography.Text data-testid="import-file">{file ? t('data.chosen', { name: file.name }) : t('data.noFile')}</Typography.Text>
      </Space>
      <Checkbox
        checked={basicRecords}
        disabled={running}
        data-testid="import-basic-records"
        onChange={(e) => {
          // The report belongs to the options it was checked with: choose again, check again.
          setBasicRecords(e.target.checked);
          setReport(null);
        }}
      >
        {t('data.basicRecords')}
      </Checkbox>
      <Space wrap>
        <Button onClick={() => void dryRun()} disabled={!file || running} loading={checking} data-testid="import-dry-run">
          {t('data.dryRun')}
        </Button>
        <Button
          type="primary"
          disabled={!canCommit}
          onClick={() => file && void job.start(file.name, file.base64, false, basicRecords)}
          data-testid="import-commit"
        >
          {t('data.commit')}
        </Button>
        {canSkip && report && (
          <Popconfirm
            title={t('data.skipRejectedConfirm', { rejected: report.rejectedRows, valid: report.validRows })}
            onConfirm={() => file && void job.start(file.name, file.base64, true, basicRecords)}
            okButtonProps={{ 'data-testid': 'import-skip-confirm' } as never}
          >
            <Button data-testid="import-skip-rejected">{t('data.skipRejected', { n: report.validRows })}</Button>
          </Popconfirm>
        )}
        {!canCommit && !canSkip && !job.job && <Typography.Text type="secondary">{t('data.commitHint')}</Typography.Text>}
      </Space>
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} data-testid="import-error" />}
      {job.error && <Alert type="error" showIcon message={errorText(job.error)} data-testid="import-job-error" />}
      {job.job && (
        <JobCard job={job.job} onCancel={() => void job.cancel()} onRejected={() => file && void downloadRejectedRows(file.name, file.base64).then(setError)} />
      )}
      {shown && file && <ImportReportView report={shown} fileName={file.name} dataBase64={file.base64} onChanged={dryRun} />}
    </Space>
  );
}

/** Progress while running; afterwards what happened — with the counts only when it landed. */
function JobCard({ job, onCancel, onRejected }: { job: NonNullable<ReturnType<typeof useImportJob>['job']>; onCancel: () => void; onRejected: () => void }) {
  const { t, i18n } = useTranslation();
  const { done, total } = job.progress;
  const pct = total ? Math.floor((done / total) * 100) : 0;
  return (
    <Card size="small" data-testid="import-job" data-state={job.state}>
      {job.state === 'running' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('data.importing')} {total ? `${done} / ${total}` : ''}
          </Typography.Text>
          <Progress percent={pct} status="active" data-testid="import-progress" />
          <Button danger onClick={onCancel} data-testid="import-cancel">
            {t('data.cancel')}
          </Button>
        </Space>
      )}
      {job.state === 'cancelled' && <Alert type="warning" showIcon message={t('data.cancelled')} data-testid="import-cancelled" />}
      {job.state === 'failed' && (
        <Alert
          type="error"
          showIcon
          data-testid="import-failed"
          message={t('data.failed', { msg: job.error ? (i18n.language === 'en' ? job.error.en : job.error.zh) : '' })}
        />
      )}
      {job.state === 'done' && job.report && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Progress percent={100} data-testid="import-progress" />
          <Alert type="success" showIcon message={t('data.done')} data-testid="import-done" />
          {job.report.rejectedRows > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="import-skipped"
              message={t('data.doneSkipped', { n: job.report.rejectedRows })}
              action={
                <Button size="small" onClick={onRejected} data-testid="import-skipped-download">
                  {t('data.downloadRejected')}
                </Button>
              }
            />
          )}
          <Typography.Text strong>{t('data.finalCounts')}</Typography.Text>
          <ImportCounts report={job.report} testId="final-counts" />
        </Space>
      )}
    </Card>
  );
}
