import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unprintable } from './use-direct-print';

export interface ShownPdf {
  title: string;
  /** blob: URL of the PDF bytes; revoked when replaced or closed. */
  url: string;
  pages: number;
  /** Items in which a character no font has was printed as 〓. */
  unprintable: Unprintable[];
}

/**
 * In-app preview: an iframe of a blob: URL (new windows are blocked in the app; nothing is
 * written to disk). Printing calls print() on the frame, which hands the PDF to the built-in
 * viewer's print dialog — the same code in a browser (web host) and in Electron.
 */
export function PdfPane({ pdf, onClose }: { pdf: ShownPdf | null; onClose: () => void }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  // The blob holds personal data: free it as soon as this preview is replaced or closed.
  useEffect(
    () => () => {
      if (pdf) URL.revokeObjectURL(pdf.url);
    },
    [pdf],
  );
  if (!pdf) return null;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-testid="print-preview"
      title={
        <Space>
          <span data-testid="print-preview-title">{pdf.title}</span>
          <Typography.Text type="secondary" data-testid="print-preview-pages">
            {t('printing.pages', { n: pdf.pages })}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button type="primary" icon={<PrinterOutlined />} data-testid="print-preview-print" onClick={() => frame.current?.contentWindow?.print()}>
            {t('printing.print')}
          </Button>
          <Button onClick={onClose} data-testid="print-preview-close">
            {t('printing.close')}
          </Button>
        </Space>
      }
    >
      {pdf.unprintable.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="print-unprintable"
          title={t('printing.unprintable', {
            n: pdf.unprintable.length,
            list:
              pdf.unprintable
                .slice(0, 10)
                .map((u) => `${u.subject}（${u.chars.join('')}）`)
                .join('、') + (pdf.unprintable.length > 10 ? ' …' : ''),
          })}
        />
      )}
      <iframe ref={frame} title={pdf.title} src={pdf.url} data-testid="print-preview-frame" style={{ width: '100%', height: '70vh', border: 0 }} />
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('printing.printNote')}
      </Typography.Paragraph>
    </Card>
  );
}
