import { Alert, Modal, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';

type Scan = { fileName: string; sha256: string; pages: { mime: string; dataBase64: string }[] };

/** A paper approval's scanned slip, shown as pictures (PDF pages arrive rendered); each view is audited. */
export function ApprovalScanViewer({ loanId, onClose }: { loanId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [scan, setScan] = useState<Scan | null>(null);
  const [error, setError] = useState<string | null>(null);

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
          {scan.pages.map((p, i) => (
            <img
              key={i}
              alt={`${scan.fileName} ${i + 1}`}
              src={`data:${p.mime};base64,${p.dataBase64}`}
              style={{ maxWidth: '100%', display: 'block', marginBottom: 8 }}
            />
          ))}
        </>
      )}
    </Modal>
  );
}
