import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * For keepers, who back up but do not restore: the CLI way (administrators restore from the app,
 * RestorePanel). Either way the backup goes into an empty folder, never over the archive in use.
 * `--user` is required by the CLI (the password is checked against the backup's own keyring).
 */
export function RestoreHelp({ file, username }: { file?: string; username: string }) {
  const { t } = useTranslation();
  const quoted = file ? (/\s/.test(file) ? `"${file}"` : file) : 'FILE.arbak';
  const command = `archive-room restore ${quoted} --data-dir EMPTY_DIR --user ${username}`;
  return (
    <Card size="small" title={t('data.restoreTitle')} data-testid="restore-help">
      <Typography.Paragraph>{t('data.restoreIntro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code copyable data-testid="restore-command">
          {command}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph>{t('data.restoreAfter')}</Typography.Paragraph>
      <Alert type="warning" showIcon message={t('data.restoreDestroyed')} data-testid="restore-destroyed-note" />
    </Card>
  );
}
