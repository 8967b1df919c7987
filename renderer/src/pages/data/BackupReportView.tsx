import { Alert, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackupReport } from '../../../../shared/contract/data.contract';
import { useArchiveTime } from '../../lib/archive-time';

const mb = (n: number) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** The check run right after writing: the backup is only called good once it has been read back. */
export function BackupReportView({ report }: { report: BackupReport }) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const yes = (ok: boolean) => (ok ? t('data.passed') : t('data.notPassed'));
  const c = report.checks;
  return (
    <div data-testid="backup-report" data-verified={String(report.verified)}>
      <Alert
        type={report.verified ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 12 }}
        message={report.verified ? t('data.verifiedOk') : t('data.verifiedBad')}
      />
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('data.file')}>
          <Typography.Text copyable data-testid="backup-report-path">
            {report.path}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.createdAt')}>{at.time(report.createdAt, { seconds: true })}</Descriptions.Item>
        <Descriptions.Item label={t('data.size')}>{mb(report.bytes)}</Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <Typography.Text code copyable>
            {report.sha256}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.entries')}>{report.entries}</Descriptions.Item>
        <Descriptions.Item label={t('data.attachments')}>{report.attachments}</Descriptions.Item>
        <Descriptions.Item label={t('data.integrity')}>
          <span data-testid="backup-integrity">{c.integrity}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.manifest')}>{yes(c.manifest && c.hashes)}</Descriptions.Item>
        <Descriptions.Item label={t('data.auditChain')}>
          {yes(c.auditChain)} {t('data.auditEntries', { n: c.auditEntries })}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
