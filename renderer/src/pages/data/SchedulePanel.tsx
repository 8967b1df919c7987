import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupSchedule, BackupScheduleView } from '../../../../shared/contract/data.contract';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText, showFieldErrors } from '../../lib/errors';
import { FolderChooser } from './FolderChooser';

const DEFAULTS: BackupSchedule = { enabled: true, folder: '', frequency: 'weekly', keep: 8 };

/**
 * 定时备份: a folder (chosen with the system dialog in the desktop app, typed in the web host),
 * daily or weekly, keep the newest N. The Node side checks the folder can be written now, and its
 * timer writes the backups while the archive is unlocked.
 */
export function SchedulePanel({ onSaved }: { onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const at = useArchiveTime();
  const [form] = Form.useForm<BackupSchedule>();
  const [view, setView] = useState<BackupScheduleView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.backup.schedule({});
    if (!r.ok) return void setError(errorText(r.error));
    setView(r.value);
    form.setFieldsValue(r.value.schedule ?? DEFAULTS);
  }, [form]);
  useEffect(() => void load(), [load]);

  const save = async (v: BackupSchedule) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.backup.saveSchedule({ ...v, folder: v.folder.trim() });
      if (!r.ok) return void (r.error.fields?.length ? showFieldErrors(form, r.error) : setError(errorText(r.error)));
      setView(r.value);
      message.success(t('data.scheduleSaved'));
      onSaved();
    } finally {
      setBusy(false);
    }
  };

  const last = view?.lastRun;
  return (
    <Card size="small" title={t('data.scheduleTitle')} data-testid="schedule-panel">
      <Typography.Paragraph>{t('data.scheduleIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={DEFAULTS} onFinish={(v) => void save(v)} data-testid="schedule-form">
        <Form.Item name="enabled" label={t('data.scheduleEnabled')} valuePropName="checked">
          <Switch data-testid="schedule-enabled" />
        </Form.Item>
        <Form.Item label={t('data.scheduleFolder')} extra={t('data.scheduleFolderHelp')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="folder" noStyle rules={[{ required: true, whitespace: true, message: t('data.scheduleFolderRequired') }]}>
              <Input placeholder={t('data.scheduleFolderPlaceholder')} data-testid="schedule-folder" />
            </Form.Item>
            <FolderChooser testId="schedule-choose" onChosen={(folder) => form.setFields([{ name: 'folder', value: folder, errors: [] }])} />
          </Space.Compact>
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="frequency" label={t('data.frequency')}>
            <Select
              style={{ width: 140 }}
              data-testid="schedule-frequency"
              options={[
                { value: 'daily', label: t('data.daily') },
                { value: 'weekly', label: t('data.weekly') },
              ]}
            />
          </Form.Item>
          <Form.Item name="keep" label={t('data.keep')} extra={t('data.keepHelp')}>
            <InputNumber min={1} max={100} precision={0} data-testid="schedule-keep" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="schedule-save">
          {t('data.scheduleSave')}
        </Button>
      </Form>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} data-testid="schedule-error" />}
      {last && (
        <Alert
          style={{ marginTop: 12 }}
          type={last.ok ? 'success' : 'error'}
          showIcon
          data-testid="schedule-last-run"
          message={`${t('data.lastRun')}：${at.time(last.at)}`}
          description={i18n.language === 'en' ? last.en : last.zh}
        />
      )}
    </Card>
  );
}
