import { Alert, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeEntry } from '../../../../shared/contract/register.contract';
import { auditActionWords } from '../../../../shared/domain/audit-actions';
import { isAllowed } from '../../../../shared/permissions';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText } from '../../lib/errors';
import { useSession } from '../../lib/session-context';
import { useLocalTime } from './lookup-data';

const shown = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * 修改记录: the values behind a subject's register changes. Keepers and administrators only — the
 * audit trail names the changed fields, and this is where their values are read.
 */
export function ChangeHistory({ subject }: { subject: string }) {
  const role = useSession().status.session?.role;
  if (!isAllowed(role, 'review.approve')) return null;
  return <ChangeHistoryTable subject={subject} />;
}

function ChangeHistoryTable({ subject }: { subject: string }) {
  const { t } = useTranslation();
  const localTime = useLocalTime();
  const [rows, setRows] = useState<ChangeEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.review.history({ subject }).then((r) => {
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
    <div data-testid="change-history" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{t('lookups.changeHistory')}</Typography.Title>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<ChangeEntry>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        data-testid="change-history-table"
        locale={{ emptyText: t('lookups.changeHistoryEmpty') }}
        columns={[
          { title: t('lookups.at'), dataIndex: 'at', width: 140, render: (v: string) => localTime(v) },
          { title: t('lookups.person'), dataIndex: 'actor', width: 100 },
          {
            title: t('lookups.action'),
            dataIndex: 'action',
            width: 120,
            render: (a: string, r) => (
              <>
                {bi(auditActionWords(a))}
                {!r.matchesAudit && (
                  <Tag color="red" data-testid="change-unsealed">
                    {t('lookups.changeUnsealed')}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('lookups.changes'),
            key: 'c',
            render: (_, r) => (
              <span>
                {r.changed.map((f) => (
                  <div key={f}>
                    <Typography.Text code>{f}</Typography.Text> {r.before ? `${shown(r.before[f])} → ` : ''}
                    {shown(r.after?.[f])}
                  </div>
                ))}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
