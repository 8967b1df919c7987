import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Restoring is deliberately not a button: it goes into an empty folder from the CLI, so a wrong
 * click can never replace the archive in use. `--user` is required by the CLI (the password is
 * checked against the backup's own keyring).
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
