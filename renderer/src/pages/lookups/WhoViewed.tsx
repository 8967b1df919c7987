import { Alert, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../../shared/contract/audit.contract';
import { auditActionWords } from '../../../../shared/domain/audit-actions';
import { isAllowed } from '../../../../shared/permissions';
import { bi } from '../../lib/bilingual';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useSession } from '../../lib/session-context';
import { useLocalTime } from './lookup-data';

/** The stated purpose of a look-up, or, for a refused step, the reason it was refused. */
function purposeOf(details: string, en: boolean): string {
  try {
    const d = JSON.parse(details) as { purpose?: unknown; reason?: unknown; reasonEn?: unknown };
    if (typeof d.purpose === 'string') return d.purpose;
    if (en && typeof d.reasonEn === 'string') return d.reasonEn;
    return typeof d.reason === 'string' ? d.reason : '';
  } catch {
    return '';
  }
}

/**
 * 谁查阅过: every audit entry about one resident or record (audit.bySubject), newest first.
 * Only for roles with audit.read (administrators, auditors); nothing is rendered for the others.
 */
export function WhoViewed({ subject }: { subject: string }) {
  const role = useSession().status.session?.role;
  if (!isAllowed(role, 'audit.read')) return null;
  return <WhoViewedTable subject={subject} />;
}

function WhoViewedTable({ subject }: { subject: string }) {
  const { t, i18n } = useTranslation();
  const localTime = useLocalTime();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.audit.bySubject({ subject, limit: 200 }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(errorText(r.error));
      setError(null);
      setRows(r.value);
    });
    return () => {
      live = false;
    };
  }, [subject]);
  return (
    <div data-testid="who-viewed" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{t('lookups.whoViewed')}</Typography.Title>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AuditRow>
        rowKey="seq"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="who-viewed-table"
        locale={{ emptyText: t('lookups.whoEmpty') }}
        columns={[
          { title: t('lookups.at'), dataIndex: 'at', width: 140, render: (v: string) => localTime(v) },
          { title: t('lookups.person'), dataIndex: 'actor', width: 110 },
          {
            title: t('lookups.action'),
            dataIndex: 'action',
            width: 170,
            render: (a: string) => (
              <span data-action={a} title={a}>
                {bi(auditActionWords(a))}
              </span>
            ),
          },
          { title: t('lookups.whoPurpose'), dataIndex: 'details', ellipsis: true, render: (d: string) => purposeOf(d, i18n.language === 'en') },
        ]}
      />
    </div>
  );
}
