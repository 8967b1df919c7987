import { Alert, Button, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostTimeZone } from '../../../shared/domain/archive-time';
import { api } from '../lib/api';
import { showFieldErrors } from '../lib/errors';
import { pdfBlobUrl } from '../lib/pdf';
import { archiveShell } from '../lib/shell';
import { CenteredCard } from './CenteredCard';
import { OfficeChoice, OfficeConnect } from './OfficeChoice';

interface Values {
  communityName: string;
  username: string;
  displayName: string;
  password: string;
  password2: string;
}

/**
 * First run: community + first administrator, then the recovery key, shown once. In the Electron
 * app (the preload says so) it first asks whether this PC keeps the archive or connects to the office's.
 */
export function SetupWizard({ onBusy, onDone }: { onBusy: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<'choose' | 'keep' | 'connect'>(archiveShell?.connectOffice ? 'choose' : 'keep');
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovery, setRecovery] = useState<{ key: string; pdfUrl: string } | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    onBusy(); // keep this wizard on screen after the vault exists, until the key is acknowledged
    // The archive takes this PC's time zone; an administrator can change it later in 设置 → 常规.
    const r = await api.auth.setup({
      communityName: v.communityName,
      username: v.username,
      displayName: v.displayName,
      password: v.password,
      timeZone: hostTimeZone(),
    });
    setBusy(false);
    if (!r.ok) {
      setError(showFieldErrors(form, r.error));
      return;
    }
    setRecovery({ key: r.value.recoveryKey, pdfUrl: pdfBlobUrl(r.value.recoverySheetPdf) });
  };

  if (role === 'choose') return <OfficeChoice onKeep={() => setRole('keep')} onConnect={() => setRole('connect')} />;
  if (role === 'connect' && archiveShell) return <OfficeConnect shell={archiveShell} onBack={() => setRole('choose')} />;

  if (recovery) {
    return (
      <CenteredCard title={t('setup.recoveryTitle')} width={560}>
        <Alert type="warning" showIcon message={t('setup.recoveryIntro')} />
        <Typography.Paragraph copyable code data-testid="recovery-key" style={{ fontSize: 16, textAlign: 'center' }}>
          {recovery.key}
        </Typography.Paragraph>
        <a href={recovery.pdfUrl} target="_blank" rel="noreferrer" data-testid="recovery-sheet">
          {t('setup.printSheet')}
        </a>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="recovery-saved">
          {t('setup.saved')}
        </Checkbox>
        <Button type="primary" block disabled={!saved} onClick={onDone}>
          {t('setup.finish')}
        </Button>
      </CenteredCard>
    );
  }

  return (
    <CenteredCard title={t('setup.title')} width={520}>
      <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="communityName" label={t('setup.community')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displayName" label={t('setup.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="username" label={t('setup.username')} rules={[{ required: true }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('setup.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="password2"
          label={t('setup.password2')}
          dependencies={['password']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('setup.create')}
        </Button>
        {archiveShell?.connectOffice && (
          <Button type="link" block disabled={busy} onClick={() => setRole('choose')} style={{ marginTop: 8 }}>
            {t('setup.back')}
          </Button>
        )}
      </Form>
    </CenteredCard>
  );
}
