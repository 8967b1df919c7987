import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText } from '../../lib/errors';

type Verdict = { found: boolean; registerNo: string | null; executedAt: string | null; items: number };

/** 核对销毁证明: the hash printed on a paper certificate, typed back, must name a register. */
export function CheckCertificate() {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const [sha, setSha] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);

  const check = async () => {
    setVerdict(null);
    // The certificate prints the hash in groups; spaces and line breaks are not part of it.
    const r = await api.destruction.checkCertificate({ sha256: sha.replace(/\s+/g, '') });
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setVerdict(r.value);
  };

  return (
    <Card title={t('destruction.checkTitle')} style={{ maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">{t('destruction.checkHint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          aria-label={t('destruction.sha')}
          data-testid="certificate-sha"
          value={sha}
          onChange={(e) => setSha(e.target.value)}
          onPressEnter={check}
          placeholder={t('destruction.sha')}
          style={{ fontFamily: 'monospace' }}
        />
        <Button type="primary" onClick={check} data-testid="certificate-check">
          {t('destruction.check')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {verdict && (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          data-testid="certificate-verdict"
          data-found={String(verdict.found)}
          type={verdict.found ? 'success' : 'error'}
          title={
            verdict.found
              ? t('destruction.checkFound', { no: verdict.registerNo, at: at.time(verdict.executedAt), tz: at.tz, n: verdict.items })
              : t('destruction.checkNotFound')
          }
        />
      )}
    </Card>
  );
}
