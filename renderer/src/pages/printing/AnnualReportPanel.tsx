import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_YEAR_MAX, REPORT_YEAR_MIN } from '../../../../shared/domain/annual-report';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { saveBase64 } from '../data/save-file';
import { PrintError, type PrintFailure } from './PrintError';
import type { PdfOut } from './use-direct-print';

/**
 * 年度统计报表 for the 街道: pick a year, get the PDF (into the page's preview, or saved where there
 * is none) or the XLSX (saved). Counts only; the Node side writes the audit entry.
 */
export function AnnualReportPanel({ onPdf }: { onPdf?: (title: string, pdf: PdfOut) => void }) {
  const { t } = useTranslation();
  const at = useArchiveTime();
  const lastYear = Number(at.today().slice(0, 4)) - 1;
  const [year, setYear] = useState<number>(lastYear);
  const [busy, setBusy] = useState<'pdf' | 'xlsx' | null>(null);
  const [failure, setFailure] = useState<PrintFailure | null>(null);

  const make = async (format: 'pdf' | 'xlsx') => {
    setBusy(format);
    setFailure(null);
    const r = await api.print.annualReport({ year, format });
    setBusy(null);
    if (!r.ok) return setFailure({ error: r.error });
    if (format === 'pdf' && onPdf) onPdf(t('printing.annualTitle', { year }), { ...r.value, pages: r.value.pages ?? 0 });
    else saveBase64(r.value.dataBase64, r.value.fileName, r.value.mime);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="annual-report">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('printing.annualIntro')}
      </Typography.Paragraph>
      <Form layout="inline" size="middle">
        <Form.Item label={t('printing.annualYear')} htmlFor="annual_year">
          <InputNumber
            id="annual_year"
            min={REPORT_YEAR_MIN}
            max={REPORT_YEAR_MAX}
            precision={0}
            value={year}
            onChange={(v) => setYear(v ?? lastYear)}
            data-testid="annual-year"
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button
              type="primary"
              icon={<FilePdfOutlined />}
              loading={busy === 'pdf'}
              disabled={!!busy}
              onClick={() => void make('pdf')}
              data-testid="annual-pdf"
            >
              {t('printing.annualPdf')}
            </Button>
            <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} disabled={!!busy} onClick={() => void make('xlsx')} data-testid="annual-xlsx">
              {t('printing.annualXlsx')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <PrintError failure={failure} />
    </Space>
  );
}
