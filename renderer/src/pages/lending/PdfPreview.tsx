import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape, Result } from '../../../../shared/errors';
import { errorText } from '../../lib/errors';
import { pdfBlobUrl } from '../../lib/pdf';

type PdfResult = Result<{ fileName: string; dataBase64: string }>;

interface Shown {
  title: string;
  url: string | null;
  error: AppErrorShape | null;
}

/**
 * In-app PDF preview for the 借阅单 / 催还单: an iframe of a blob: URL (new windows are blocked in
 * the app) with a print button that prints the frame itself, so nothing is written to disk.
 */
export function usePdfPreview() {
  const [shown, setShown] = useState<Shown | null>(null);

  const open = useCallback(async (title: string, load: () => Promise<PdfResult>) => {
    setShown({ title, url: null, error: null });
    const r = await load();
    setShown({ title, url: r.ok ? pdfBlobUrl(r.value.dataBase64) : null, error: r.ok ? null : r.error });
  }, []);

  // Blob URLs hold the PDF bytes in memory until revoked.
  useEffect(
    () => () => {
      if (shown?.url) URL.revokeObjectURL(shown.url);
    },
    [shown?.url],
  );

  const element = <PdfPreviewModal shown={shown} onClose={() => setShown(null)} />;
  return { open, element };
}

function PdfPreviewModal({ shown, onClose }: { shown: Shown | null; onClose: () => void }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  return (
    <Modal
      open={!!shown}
      title={shown?.title}
      width={860}
      onCancel={onClose}
      destroyOnHidden
      data-testid="pdf-preview"
      footer={[
        <Button key="close" onClick={onClose} data-testid="pdf-close">
          {t('lending.close')}
        </Button>,
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!shown?.url}
          data-testid="pdf-print"
          onClick={() => frame.current?.contentWindow?.print()}
        >
          {t('lending.print')}
        </Button>,
      ]}
    >
      {shown?.error && <Alert type="error" showIcon message={errorText(shown.error)} />}
      {shown && !shown.url && !shown.error && <Spin style={{ width: '100%', margin: '80px 0' }} />}
      {shown?.url && <iframe ref={frame} title={shown.title} src={shown.url} data-testid="pdf-frame" style={{ width: '100%', height: '70vh', border: 0 }} />}
    </Modal>
  );
}
