import { Alert, Button, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow, AuditVerifyResult } from '../../../shared/contract/audit.contract';
import { api } from '../lib/api';

export function AuditPage() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [verdict, setVerdict] = useState<AuditVerifyResult | null>(null);
  const load = useCallback(async () => {
    const r = await api.audit.list({ limit: 200 });
    if (r.ok) setRows(r.value);
  }, []);
  useEffect(() => void load(), [load]);
  const verify = async () => {
    const r = await api.audit.verify({});
    if (r.ok) setVerdict(r.value);
    await load();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={verify} data-testid="audit-verify">{t('audit.verify')}</Button>
      {verdict && (
        <Alert data-testid="audit-verdict" type={verdict.ok ? 'success' : 'error'} showIcon
          message={verdict.ok ? t('audit.verifyOk', { n: verdict.checked }) : t('audit.verifyBad', { seq: verdict.firstBadSeq, problem: t(`problem.${verdict.problem}`) })} />
      )}
      <Table<AuditRow> rowKey="seq" dataSource={rows} size="small" pagination={{ pageSize: 50 }} data-testid="audit-table"
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 200, render: (v: string) => v.replace('T', ' ').slice(0, 19) },
          { title: t('audit.actor'), dataIndex: 'actor', width: 120 },
          { title: t('audit.action'), dataIndex: 'action', width: 180 },
          { title: t('audit.subject'), dataIndex: 'subject', ellipsis: true },
          { title: t('audit.details'), dataIndex: 'details', ellipsis: true },
        ]} />
    </Space>
  );
}
