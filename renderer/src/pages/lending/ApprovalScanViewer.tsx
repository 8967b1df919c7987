import { Alert, Modal, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StampedPages, useViewerStamp } from '../../components/StampedPages';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';

type Scan = { fileName: string; mime: string; sha256: string; dataBase64: string };

/** A paper approval's scanned slip, drawn to canvas with the viewer's stamp (PDFs by pdf.js); each view is audited. */
export function ApprovalScanViewer({ loanId, onClose }: { loanId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [scan, setScan] = useState<Scan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stamp = useViewerStamp(loanId);

  useEffect(() => {
    setScan(null);
    setError(null);
    if (!loanId) return;
    let live = true;
    void api.lending.approvalScan({ loanId }).then((r) => {
      if (!live) return;
      if (r.ok) setScan(r.value);
      else setError(errorText(r.error));
    });
    return () => {
      live = false;
    };
  }, [loanId]);

  return (
    <Modal open={!!loanId} title={t('lending.scanTitle')} footer={null} width={760} onCancel={onClose} destroyOnHidden data-testid="approval-scan">
      {error && <Alert type="error" showIcon message={error} />}
      {!scan && !error && <Spin />}
      {scan && (
        <>
          <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>
            {scan.fileName} · SHA-256 {scan.sha256}
          </Typography.Paragraph>
          <StampedPages file={scan} stamp={stamp} note={t('lending.scanNoCopy')} />
        </>
      )}
    </Modal>
  );
}
