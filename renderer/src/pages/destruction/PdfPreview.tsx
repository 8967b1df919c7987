import { Modal } from 'antd';
import { useEffect } from 'react';

export interface PdfDoc {
  title: string;
  url: string;
  /** Shown under the frame, e.g. the register's SHA-256. */
  note?: string;
}

/**
 * In-app PDF preview from a blob: URL (CSP allows blob: frames; nothing is written to disk).
 * The URL is revoked when the preview closes so the bytes do not linger in memory.
 */
export function PdfPreview({ doc, onClose, testId = 'pdf-preview' }: { doc: PdfDoc | null; onClose: () => void; testId?: string }) {
  useEffect(
    () => () => {
      if (doc) URL.revokeObjectURL(doc.url);
    },
    [doc],
  );
  return (
    <Modal open={!!doc} title={doc?.title} onCancel={onClose} footer={null} width="80vw" destroyOnHidden data-testid={testId}>
      {doc && (
        <>
          <iframe title={doc.title} src={doc.url} data-testid={`${testId}-frame`} style={{ width: '100%', height: '70vh', border: 0 }} />
          {doc.note && (
            <div style={{ marginTop: 8, wordBreak: 'break-all' }} data-testid={`${testId}-note`}>
              {doc.note}
            </div>
          )}
        </>
      )}
    </Modal>
  );
}
