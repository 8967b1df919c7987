import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, RowIssueT } from '../../../../shared/contract/data.contract';
import { downloadRejectedRows } from './rejected-rows';
import { saveBase64 } from './save-file';
import { AppliedMappings, UnknownValuesPanel } from './UnknownValuesPanel';

/** What an import would do (dry run) or did (finished job): the counts. */
export function ImportCounts({ report, testId }: { report: ImportReport; testId: string }) {
  const { t } = useTranslation();
  const c = report.counts;
  const tiles: [string, number | string][] = [
    ['householdsCreated', c.householdsCreated],
    ['householdsUpdated', c.householdsUpdated],
    ['residentsCreated', c.residentsCreated],
    ['residentsUpdated', c.residentsUpdated],
    ['recordsCreated', c.recordsCreated],
    ['places', `${c.grids} / ${c.buildings} / ${c.units}`],
  ];
  return (
    <Row gutter={[12, 12]} data-testid={testId}>
      {tiles.map(([k, v]) => (
        <Col key={k} xs={12} md={8} xl={4}>
          <Statistic title={t(`data.${k}`)} value={v} data-testid={`${testId}-${k}`} data-value={String(v)} />
        </Col>
      ))}
    </Row>
  );
}

/**
 * The dry-run report: counts; the saved mappings it used; unknown values grouped, each with its
 * mapping step; then every remaining bad row with its reason in the current language. The CSV
 * download is the Node side's: every issue (the list here stops at the first 2000), both languages,
 * UTF-8 with BOM for Excel. The rejected rows download as an XLSX to fix and import again.
 */
export function ImportReportView({
  report,
  fileName,
  dataBase64,
  onChanged,
}: {
  report: ImportReport;
  fileName: string;
  dataBase64: string;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const stem = fileName.replace(/\.[^.]+$/, '');
  const [error, setError] = useState<string | null>(null);
  const rowIssues = report.issues.filter((i) => !i.unknown);
  // Workbooks with several worksheets: which were read (header row found) and which were not.
  const named = (report.sheets ?? []).filter((s) => s.name !== null);
  const skipped = report.skippedSheets ?? [];
  const bySheet = report.issues.some((i) => i.sheet !== undefined);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-report">
      <Typography.Text type="secondary">
        {t('data.rows', { rows: report.rows, valid: report.validRows })}
        {report.encoding ? ` · ${t('data.encoding', { enc: report.encoding })}` : ''}
      </Typography.Text>
      {(named.length > 1 || skipped.length > 0) && (
        <Typography.Text type="secondary" data-testid="import-sheets">
          {t('data.sheetsRead', { list: named.map((s) => t('data.sheetRead', { name: s.name, rows: s.rows, header: s.headerRow })).join(en ? ', ' : '，') })}
        </Typography.Text>
      )}
      {skipped.length > 0 && (
        <Alert type="info" showIcon data-testid="import-sheets-skipped" message={t('data.sheetsSkipped', { list: skipped.join(en ? ', ' : '、') })} />
      )}
      <ImportCounts report={report} testId="dry-counts" />
      <AppliedMappings report={report} onChanged={onChanged} />
      {report.issueCount === 0 ? (
        <Alert type="success" showIcon message={t('data.clean')} data-testid="import-clean" />
      ) : (
        <Alert
          type="error"
          showIcon
          data-testid="import-issues"
          message={t('data.issues', { n: report.issueCount })}
          description={report.rejectedRows > 0 ? t('data.rejectedHint', { n: report.rejectedRows }) : undefined}
          action={
            <Space direction="vertical">
              <Button
                size="small"
                icon={<DownloadOutlined />}
                data-testid="import-report-download"
                onClick={() => saveBase64(report.reportCsvBase64, `${stem}-导入报告-report.csv`, 'text/csv;charset=utf-8')}
              >
                {t('data.downloadReport')}
              </Button>
              {report.rejectedRows > 0 && (
                <Button
                  size="small"
                  icon={<FileExcelOutlined />}
                  data-testid="import-rejected-download"
                  onClick={() => void downloadRejectedRows(fileName, dataBase64).then(setError)}
                >
                  {t('data.downloadRejected')}
                </Button>
              )}
            </Space>
          }
        />
      )}
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />}
      {report.unknownValues.length > 0 && <UnknownValuesPanel report={report} onChanged={onChanged} />}
      {report.rowIssueCount > 0 && (
        <>
          <Typography.Text strong>{t('data.rowIssuesTitle', { n: report.rowIssueCount })}</Typography.Text>
          {report.rowIssueCount > rowIssues.length && <Typography.Text type="secondary">{t('data.issuesShown', { shown: rowIssues.length })}</Typography.Text>}
          <Table<RowIssueT & { key: number }>
            size="small"
            data-testid="import-issue-table"
            dataSource={rowIssues.map((r, key) => ({ ...r, key }))}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              ...(bySheet ? [{ title: t('data.colSheet'), dataIndex: 'sheet', width: 110, ellipsis: true }] : []),
              { title: t('data.colRow'), dataIndex: 'row', width: 70 },
              { title: t('data.colColumn'), dataIndex: 'column', width: 130 },
              { title: t('data.colValue'), dataIndex: 'value', width: 200, ellipsis: true },
              { title: t('data.colReason'), key: 'reason', render: (_, r) => (en ? r.en : r.zh) },
            ]}
          />
        </>
      )}
    </Space>
  );
}
