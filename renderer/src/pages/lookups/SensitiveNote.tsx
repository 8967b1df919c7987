import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useLocalTime } from './lookup-data';

/** Above disclosed details of a sensitive subject: the look-up is recorded; for clerks, until when the approval runs. */
export function SensitiveNote({ subject }: { subject: string }) {
  const { t } = useTranslation();
  const localTime = useLocalTime();
  const [st, setSt] = useState<{ sensitive: boolean; expiresAt: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    void api.lookups.status({ subject }).then((r) => live && r.ok && setSt(r.value));
    return () => {
      live = false;
    };
  }, [subject]);
  if (!st?.sensitive) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="lookup-expiry"
      data-expires={st.expiresAt ?? ''}
      message={st.expiresAt ? t('lookups.sensitiveViewUntil', { at: localTime(st.expiresAt) }) : t('lookups.sensitiveView')}
    />
  );
}
