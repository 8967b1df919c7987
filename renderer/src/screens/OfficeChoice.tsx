import { Alert, Button, Card, Form, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isOfficeLinkProblem, officeTarget, type OfficeTargetInput } from '../../../shared/domain/office-link';
import { bi } from '../lib/bilingual';
import type { ArchiveShell } from '../lib/shell';
import { CenteredCard } from './CenteredCard';

/** The first question of the Electron app's first run: keep the archive here, or connect to the office's. */
export function OfficeChoice({ onKeep, onConnect }: { onKeep: () => void; onConnect: () => void }) {
  const { t } = useTranslation();
  const choice = (testId: string, title: string, help: string, onClick: () => void) => (
    <Card hoverable onClick={onClick} data-testid={testId} size="small">
      <Typography.Text strong>{title}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {help}
      </Typography.Paragraph>
    </Card>
  );
  return (
    <CenteredCard title={t('setup.choiceTitle')} width={560}>
      <Typography.Paragraph type="secondary">{t('setup.choiceIntro')}</Typography.Paragraph>
      {choice('choose-keep', t('setup.keepHere'), t('setup.keepHereHelp'), onKeep)}
      {choice('choose-connect', t('setup.connect'), t('setup.connectHelp'), onConnect)}
    </CenteredCard>
  );
}

/**
 * Address + fingerprint, or the code from the server sheet. Checked here at once (the same rule main
 * applies), then main checks the server through the pin before anything is stored; on success main
 * replaces this window with the client window, so there is nothing more to do here.
 */
export function OfficeConnect({ shell, onBack }: { shell: ArchiveShell; onBack: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OfficeTargetInput>();
  const [by, setBy] = useState<'code' | 'address'>('code');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [connected, setConnected] = useState(false);

  const submit = async (v: OfficeTargetInput) => {
    const input = by === 'code' ? { code: v.code ?? '' } : { url: v.url ?? '', fingerprint: v.fingerprint ?? '' };
    if (by === 'code' && !v.code?.trim()) return void setError(bi({ zh: '请粘贴连接码。', en: 'Paste the code.' }));
    const local = officeTarget(input);
    if (isOfficeLinkProblem(local)) return void setError(bi(local));
    setBusy(true);
    setError(null);
    const r = await shell.connectOffice!(input);
    setBusy(false);
    if (r.ok) setConnected(true);
    else setError(bi(r.error));
  };

  return (
    <CenteredCard title={t('setup.connectTitle')} width={560}>
      <Typography.Paragraph type="secondary">{t('setup.connectIntro')}</Typography.Paragraph>
      <Segmented
        value={by}
        onChange={(v) => {
          setBy(v as 'code' | 'address');
          setError(null);
        }}
        options={[
          { value: 'code', label: <span data-testid="connect-by-code">{t('setup.byCode')}</span> },
          { value: 'address', label: <span data-testid="connect-by-address">{t('setup.byAddress')}</span> },
        ]}
      />
      {error && <Alert type="error" showIcon message={error} data-testid="connect-error" />}
      {connected && <Alert type="success" showIcon message={t('setup.connecting')} data-testid="connect-ok" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        {by === 'code' ? (
          <Form.Item name="code" label={t('setup.code')} extra={t('setup.codeHelp')}>
            <Input.TextArea rows={3} data-testid="connect-code" spellCheck={false} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="url" label={t('setup.address')} extra={t('setup.addressHelp')}>
              <Input data-testid="connect-url" spellCheck={false} />
            </Form.Item>
            <Form.Item name="fingerprint" label={t('setup.fingerprint')} extra={t('setup.fingerprintHelp')}>
              <Input.TextArea rows={2} data-testid="connect-fingerprint" spellCheck={false} />
            </Form.Item>
          </>
        )}
        <Space>
          <Button onClick={onBack} disabled={busy || connected}>
            {t('setup.back')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} disabled={connected} data-testid="connect-submit">
            {t('setup.connectSubmit')}
          </Button>
        </Space>
      </Form>
    </CenteredCard>
  );
}
