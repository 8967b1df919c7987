import { Alert, Button, Card, Descriptions, Form, Input, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupReport, BackupStatus } from '../../../../shared/contract/data.contract';
import { formatCalendarDate, timeLang } from '../../../../shared/domain/archive-time';
import { isAllowed } from '../../../../shared/permissions';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText, showFieldErrors } from '../../lib/errors';
import { useSession } from '../../lib/session-context';
import { backupFilePath } from './backup-path';
import { BackupReportView } from './BackupReportView';
import { FolderChooser } from './FolderChooser';
import { RestoreHelp } from './RestoreHelp';
import { RestorePanel } from './RestorePanel';
import { SchedulePanel } from './SchedulePanel';

/** 备份 (administrators and keepers): status with the reminder, a backup now, the schedule; restore (administrators). */
export function BackupTab() {
  const { t } = useTranslation();
  const session = useSession().status.session;
  if (!isAllowed(session?.role, 'backup.manage')) return <Alert type="info" showIcon message={t('data.adminOnly')} data-testid="backup-admin-only" />;
  return <BackupPanel username={session!.username} canRestore={isAllowed(session?.role, 'backup.restore')} />;
}

function BackupPanel({ username, canRestore }: { username: string; canRestore: boolean }) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const [form] = Form.useForm<{ path: string }>();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [report, setReport] = useState<BackupReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadStatus = useCallback(async () => {
    const r = await api.backup.status({});
    if (r.ok) setStatus(r.value);
    else setError(errorText(r.error));
  }, []);
  useEffect(() => void loadStatus(), [loadStatus]);

  const create = async ({ path }: { path: string }) => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const full = backupFilePath(path, at.stamp());
      const r = await api.backup.create({ path: full });
      // Path problems land under the field (the Node side names field `path`); others in a banner.
      if (!r.ok) return void (r.error.fields?.length ? showFieldErrors(form, r.error) : setError(errorText(r.error)));
      setReport(r.value);
      await loadStatus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 760 }} size="middle">
      {status && <StatusCard status={status} />}
      <Card size="small" title={t('data.tabBackup')}>
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)} data-testid="backup-form">
          <Form.Item label={t('data.path')} extra={t('data.pathHelp')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="path" noStyle rules={[{ required: true, whitespace: true, message: t('data.pathRequired') }]}>
                <Input placeholder={t('data.pathPlaceholder')} data-testid="backup-path" />
              </Form.Item>
              {/* A chosen folder gets a dated file name (backupFilePath). */}
              <FolderChooser testId="backup-choose" onChosen={(folder) => form.setFields([{ name: 'path', value: folder, errors: [] }])} />
            </Space.Compact>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="backup-create">
            {busy ? t('data.creating') : t('data.create')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} data-testid="backup-error" />}
      {report && <BackupReportView report={report} />}
      <SchedulePanel onSaved={() => void loadStatus()} />
      {canRestore ? <RestorePanel username={username} /> : <RestoreHelp file={report?.path} username={username} />}
    </Space>
  );
}

function StatusCard({ status }: { status: BackupStatus }) {
  const { t, i18n } = useTranslation();
  const at = useArchiveTime();
  const { lastBackupAt, daysSince, reminderDays, due, schedule } = status;
  return (
    <Card size="small" title={t('data.status')} data-testid="backup-status">
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('data.lastBackup')}>{lastBackupAt ? at.time(lastBackupAt) : t('data.never')}</Descriptions.Item>
        <Descriptions.Item label={t('data.daysSince')}>{daysSince === null ? '—' : t('data.daysN', { n: daysSince })}</Descriptions.Item>
        <Descriptions.Item label={t('data.reminderDays')}>{t('data.daysN', { n: reminderDays })}</Descriptions.Item>
      </Descriptions>
      {schedule?.missed && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="backup-schedule-missed"
          message={t('data.scheduleMissed', {
            freq: t(`data.${schedule.frequency}`),
            date: formatCalendarDate(schedule.nextDueDate, timeLang(i18n.language)),
          })}
        />
      )}
      {due ? (
        <Alert
          type="error"
          showIcon
          data-testid="backup-due"
          message={lastBackupAt ? t('data.dueOld', { n: daysSince, limit: reminderDays }) : t('data.dueNever')}
        />
      ) : (
        <Alert type="success" showIcon message={t('data.okRecent')} data-testid="backup-ok" />
      )}
    </Card>
  );
}
