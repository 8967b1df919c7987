import { Alert, Button, Input, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRequestRow } from '../../../../shared/contract/lookups.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { effectiveStatus, useLocalTime } from './lookup-data';

const POLL_MS = 5000;

/**
 * Shown where a look-up answered APPROVAL_REQUIRED: explains why, sends lookups.request with the
 * purpose already typed, follows the request (lookups.mine + lookups.status, polled while pending)
 * and offers to open once approved, naming the expiry.
 */
export function LookupGate({ subject, purpose, onOpen }: { subject: string; purpose: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const localTime = useLocalTime();
  const [text, setText] = useState(purpose);
  const [latest, setLatest] = useState<AccessRequestRow | null>(null);
  const [allowedUntil, setAllowedUntil] = useState<string | null>(null);
  const [allowed, setAllowed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setText(purpose), [purpose]);

  const refresh = useCallback(async () => {
    const [st, mine] = await Promise.all([api.lookups.status({ subject }), api.lookups.mine({})]);
    if (st.ok) {
      setAllowed(st.value.allowed);
      setAllowedUntil(st.value.expiresAt);
    }
    if (mine.ok) setLatest(mine.value.find((r) => r.subject === subject) ?? null);
  }, [subject]);
  useEffect(() => void refresh(), [refresh]);

  const status = latest ? effectiveStatus(latest) : null;
  // While a request waits, look again every few seconds (lookups.status is not a look-up).
  useEffect(() => {
    if (allowed || status !== 'pending') return;
    const id = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(id);
  }, [allowed, status, refresh]);

  const send = async () => {
    setBusy(true);
    setError(null);
    const r = await api.lookups.request({ subject, purpose: text.trim() });
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    setLatest(r.value);
  };

  const canRequest = !allowed && status !== 'pending';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="lookup-gate" data-subject={subject}>
      {allowed ? (
        <Alert
          type="success"
          showIcon
          data-testid="lookup-approved"
          message={t('lookups.approvedUntil', { at: localTime(allowedUntil) })}
          action={
            <Button type="primary" onClick={onOpen} data-testid="lookup-open">
              {t('lookups.openNow')}
            </Button>
          }
        />
      ) : (
        <Alert type="warning" showIcon data-testid="lookup-required" message={t('lookups.needApproval')} description={t('lookups.needApprovalHint')} />
      )}
      {!allowed && status === 'pending' && latest && (
        <Alert
          type="info"
          showIcon
          data-testid="lookup-pending"
          message={t('lookups.pendingSince', { at: localTime(latest.createdAt) })}
          description={
            <Typography.Text type="secondary">
              {t('lookups.purpose')}：{latest.purpose}
            </Typography.Text>
          }
          action={
            <Button size="small" onClick={() => void refresh()} data-testid="lookup-refresh">
              {t('lookups.refresh')}
            </Button>
          }
        />
      )}
      {!allowed && status === 'denied' && latest && (
        <Alert
          type="error"
          showIcon
          data-testid="lookup-denied"
          message={t('lookups.denied', { by: latest.decidedBy ?? '', at: localTime(latest.decidedAt) })}
          description={latest.note ? t('lookups.deniedNote', { note: latest.note }) : undefined}
        />
      )}
      {!allowed && status === 'expired' && latest && <Alert type="info" showIcon message={t('lookups.expired', { at: localTime(latest.expiresAt) })} />}
      {canRequest && (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            prefix={<Typography.Text type="secondary">{t('lookups.purpose')}：</Typography.Text>}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
            data-testid="lookup-purpose"
            status={text.trim().length < 2 ? 'warning' : undefined}
            placeholder={t('lookups.purposeTooShort')}
          />
          <Button type="primary" loading={busy} disabled={text.trim().length < 2} onClick={() => void send()} data-testid="lookup-request">
            {t('lookups.request')}
          </Button>
        </Space.Compact>
      )}
      {error && <Alert type="error" showIcon message={error} />}
    </Space>
  );
}
