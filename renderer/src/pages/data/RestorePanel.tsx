import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RestoreResult } from '../../../../shared/contract/data.contract';
import { formatArchiveTime, timeLang } from '../../../../shared/domain/archive-time';
import { api } from '../../lib/api';
import { errorText, showFieldErrors } from '../../lib/errors';
import { fileToBase64 } from '../../lib/register-data';

interface Fields {
  source?: { path?: string };
  username: string;
  password: string;
}

/**
 * 从备份恢复 (administrators): a backup file (sent up, or named by its full path on this computer
 * when it is large) is checked with the backup's own administrator and password and restored into
 * a NEW folder beside the data folder. The archive in use is never touched; the screen then says
 * how to start Archive Room on the new folder.
 */
export function RestorePanel({ username }: { username: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RestoreResult | null>(null);

  const restore = async (v: Fields) => {
    const path = v.source?.path?.trim();
    if (!file && !path) return void setError(t('data.restoreNeedFile'));
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const source = file ? { kind: 'upload' as const, fileName: file.name, dataBase64: await fileToBase64(file) } : { kind: 'path' as const, path: path! };
      const r = await api.backup.restore({ source, username: v.username.trim() || undefined, password: v.password });
      form.setFieldValue('password', '');
      if (!r.ok) return void (r.error.fields?.length ? setError(showFieldErrors(form, r.error)) : setError(errorText(r.error)));
      setResult(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('data.restoreAppTitle')} data-testid="restore-panel">
      <Typography.Paragraph>{t('data.restoreAppIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ username }} onFinish={(v) => void restore(v)} data-testid="restore-form">
        <Form.Item label={t('data.restoreFile')}>
          <Space wrap>
            <span data-testid="restore-upload">
              <Upload
                accept=".arbak"
                showUploadList={false}
                beforeUpload={(f) => {
                  if (!/\.arbak$/i.test(f.name)) setError(t('data.restoreBadType'));
                  else {
                    setFile(f);
                    setError(null);
                  }
                  return Upload.LIST_IGNORE;
                }}
              >
                <Button icon={<UploadOutlined />}>{t('data.restoreChoose')}</Button>
              </Upload>
            </span>
            <Typography.Text data-testid="restore-file">{file ? t('data.chosen', { name: file.name }) : t('data.noFile')}</Typography.Text>
            {file && (
              <Button size="small" onClick={() => setFile(null)}>
                {t('data.restoreClearFile')}
              </Button>
            )}
          </Space>
        </Form.Item>
        {!file && (
          <Form.Item name={['source', 'path']} label={t('data.restoreOrPath')}>
            <Input placeholder={t('data.restorePathPlaceholder')} data-testid="restore-path" />
          </Form.Item>
        )}
        <Space wrap align="start">
          <Form.Item name="username" label={t('data.restoreUser')} rules={[{ required: true, whitespace: true, message: t('data.restoreUserRequired') }]}>
            <Input autoComplete="off" data-testid="restore-username" />
          </Form.Item>
          <Form.Item name="password" label={t('data.restorePassword')} rules={[{ required: true, message: t('data.restorePasswordRequired') }]}>
            <Input.Password autoComplete="off" data-testid="restore-password" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="restore-start">
          {busy ? t('data.restoring') : t('data.restoreStart')}
        </Button>
      </Form>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} data-testid="restore-error" />}
      {result && <RestoredView r={result} />}
    </Card>
  );
}

function RestoredView({ r }: { r: RestoreResult }) {
  const { t, i18n } = useTranslation();
  const lang = timeLang(i18n.language);
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="restore-result">
      <Alert type="success" showIcon message={t('data.restoredTitle')} description={t('data.restoredSwitch')} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('data.restoredFolder')}>
          <Typography.Text code copyable data-testid="restore-folder">
            {r.dataDir}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.restoredMade')}>
          <span data-testid="restore-made">{`${formatArchiveTime(r.createdAt, r.timeZone, lang)} (${r.timeZone}) · ${r.createdBy}`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.restoredCounts')}>
          <span data-testid="restore-counts">
            {t('data.restoredCountsText', {
              residents: r.stats.residents,
              records: r.stats.records,
              attachments: r.stats.attachments,
              audit: r.stats.auditEntries,
            })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.startApp')}>
          <Typography.Text code copyable data-testid="restore-start-app">
            {r.startWith.app}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.startWeb')}>
          <Typography.Text code copyable>
            {r.startWith.webHost}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('data.startEnv')}>
          <Typography.Text code copyable>
            {r.startWith.env}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Alert type="warning" showIcon message={lang === 'en' ? r.notice.en : r.notice.zh} />
    </Space>
  );
}
