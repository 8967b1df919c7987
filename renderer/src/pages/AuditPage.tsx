import { Alert, AutoComplete, Button, Form, Input, Space, Table, Typography, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow, AuditVerifyResult } from '../../../shared/contract/audit.contract';
import { AUDIT_ACTIONS, auditActionWords } from '../../../shared/domain/audit-actions';
import { bi } from '../lib/bilingual';
import { api } from '../lib/api';
import { useArchiveTime } from '../lib/archive-time';
import { errorText } from '../lib/errors';
import { AuditTools, downloadBase64 } from './audit/AuditTools';

const PAGE = 200;

/** The action filter matches codes by prefix; the choices show the words beside each code. */
const ACTION_OPTIONS = Object.keys(AUDIT_ACTIONS)
  .sort()
  .map((code) => ({ value: code, label: `${bi(AUDIT_ACTIONS[code])}（${code}）` }));

interface Filters {
  actor?: string;
  action?: string;
  subject?: string;
  /** Who searched for this text (matched by fingerprint; each match is audited). */
  searchText?: string;
  from?: string;
  to?: string;
}

/** Blank inputs are "no filter", not "match the empty string". */
function clean(f: Filters): Filters {
  const out: Filters = {};
  for (const [k, v] of Object.entries(f) as [keyof Filters, string | undefined][]) if (v && v.trim()) out[k] = v.trim();
  return out;
}

export function AuditPage() {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const [form] = Form.useForm<Filters>();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [more, setMore] = useState(false);
  const [filters, setFilters] = useState<Filters>({});
  const [verdict, setVerdict] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Keyset paging, newest first: "load more" asks for entries older than the last one shown.
  const load = useCallback(async (f: Filters, beforeSeq?: number) => {
    const r = await api.audit.list({ ...f, beforeSeq, limit: PAGE });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setError(null);
    setRows((old) => (beforeSeq ? [...old, ...r.value] : r.value));
    setMore(r.value.length === PAGE);
  }, []);
  useEffect(() => void load(filters), [load, filters]);

  const verify = async (full: boolean) => {
    const r = await api.audit.verify({ full });
    if (r.ok) setVerdict(r.value);
    await load(filters);
  };
  const exportRange = async (format: 'csv' | 'xlsx') => {
    const { from, to } = clean(form.getFieldsValue());
    if (!from || !to) return void message.warning(t('auditTrail.needRange'));
    const r = await api.audit.export({ from, to, format });
    if (!r.ok) return void setError(errorText(r.error));
    downloadBase64(r.value.base64, r.value.fileName, r.value.mime);
    message.success(t('auditTrail.exportDone', { n: r.value.rows }));
    await load(filters);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => verify(false)} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
        <Button onClick={() => verify(true)} data-testid="audit-verify-full">
          {t('audit.verifyFull')}
        </Button>
      </Space>
      {verdict && (
        <Alert
          data-testid="audit-verdict"
          type={verdict.ok ? 'success' : 'error'}
          showIcon
          message={
            verdict.ok
              ? t('audit.verifyOk', { n: verdict.checked })
              : t('audit.verifyBad', { seq: verdict.firstBadSeq ?? '—', problem: t(`problem.${verdict.problem}`) })
          }
          description={verdict.why ? bi(verdict.why) : verdict.fromSeq ? t('audit.sinceCheckpoint', { seq: verdict.fromSeq }) : undefined}
        />
      )}
      <AuditTools onChanged={() => void load(filters)} />
      <Form form={form} layout="inline" onFinish={(v) => setFilters(clean(v))} data-testid="audit-filters">
        <Form.Item name="actor" label={t('auditTrail.person')}>
          <Input allowClear style={{ width: 140 }} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="action" label={t('auditTrail.actionPrefix')}>
          <AutoComplete
            allowClear
            style={{ width: 220 }}
            options={ACTION_OPTIONS}
            data-testid="audit-filter-action"
            filterOption={(input, o) => !!o && (o.value.startsWith(input) || String(o.label).includes(input))}
          />
        </Form.Item>
        <Form.Item name="subject" label={t('auditTrail.subject')}>
          <Input allowClear style={{ width: 200 }} data-testid="audit-filter-subject" />
        </Form.Item>
        <Form.Item name="searchText" label={t('auditTrail.searchText')} tooltip={t('auditTrail.searchTextHint')}>
          <Input allowClear style={{ width: 180 }} data-testid="audit-filter-search-text" />
        </Form.Item>
        <Form.Item name="from" label={t('auditTrail.from')}>
          <Input type="date" data-testid="audit-filter-from" />
        </Form.Item>
        <Form.Item name="to" label={t('auditTrail.to')}>
          <Input type="date" data-testid="audit-filter-to" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('auditTrail.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('auditTrail.reset')}
          </Button>
          <Button onClick={() => exportRange('csv')} data-testid="audit-export-csv">
            {t('auditTrail.export')} CSV
          </Button>
          <Button onClick={() => exportRange('xlsx')} data-testid="audit-export-xlsx">
            {t('auditTrail.export')} XLSX
          </Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AuditRow>
        rowKey="seq"
        dataSource={rows}
        size="small"
        pagination={{ pageSize: 50 }}
        data-testid="audit-table"
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 200, render: (v: string) => <span title={v}>{at.time(v, { seconds: true })}</span> },
          { title: t('audit.actor'), dataIndex: 'actor', width: 120 },
          // Words first; the code stays beside them, as the filter and the exports use it.
          {
            title: t('audit.action'),
            dataIndex: 'action',
            width: 220,
            render: (a: string) => (
              <span data-action={a}>
                {bi(auditActionWords(a))}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a}
                </Typography.Text>
              </span>
            ),
          },
          // "Who looked at this": a click narrows the trail to that resident or record.
          {
            title: t('audit.subject'),
            dataIndex: 'subject',
            ellipsis: true,
            render: (v: string | null) =>
              v ? (
                <Typography.Link
                  onClick={() => {
                    form.setFieldsValue({ subject: v });
                    setFilters(clean(form.getFieldsValue()));
                  }}
                  data-testid="audit-subject-link"
                >
                  {v}
                </Typography.Link>
              ) : (
                '—'
              ),
          },
          { title: t('audit.details'), dataIndex: 'details', ellipsis: true },
        ]}
      />
      <Space>
        <Typography.Text type="secondary">{t('auditTrail.shown', { n: rows.length })}</Typography.Text>
        {more && (
          <Button onClick={() => load(filters, rows[rows.length - 1]?.seq)} data-testid="audit-more">
            {t('auditTrail.loadMore')}
          </Button>
        )}
      </Space>
    </Space>
  );
}
