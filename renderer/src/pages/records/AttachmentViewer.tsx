import { Alert, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ViewerWatermark } from '../../components/ViewerWatermark';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { base64ToBlob } from '../../lib/register-data';
import { LookupGate } from '../lookups/LookupGate';
import { SensitiveNote } from '../lookups/SensitiveNote';

/** Shows a decrypted attachment from memory (blob: URL, never a file): PDF in a frame, images inline. */
export function AttachmentViewer({ request, onClose }: { request: { id: string; recordId?: string; purpose: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<{ url: string; mime: string; fileName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // APPROVAL_REQUIRED (sensitive record or key household): show the look-up request instead.
  const [gated, setGated] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setDoc(null);
    setError(null);
    setGated(false);
    if (!request) return;
    let url: string | null = null;
    let live = true;
    void api.attachments.view({ id: request.id, purpose: request.purpose || undefined }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        if (r.error.code === 'APPROVAL_REQUIRED' && request.recordId) return setGated(true);
        return setError(errorText(r.error));
      }
      url = URL.createObjectURL(base64ToBlob(r.value.dataBase64, r.value.mime));
      setDoc({ url, mime: r.value.mime, fileName: r.value.fileName });
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [request, attempt]);

  return (
    <Modal
      open={!!request}
      onCancel={onClose}
      footer={null}
      width="80vw"
      title={doc?.fileName ?? t('register.viewAttachment')}
      destroyOnHidden
      data-testid="attachment-viewer"
    >
      {error && <Alert type="error" showIcon message={error} />}
      {gated && request?.recordId && <LookupGate subject={`record:${request.recordId}`} purpose={request.purpose} onOpen={() => setAttempt((n) => n + 1)} />}
      {!doc && !error && !gated && <Spin />}
      {doc && request?.recordId && <SensitiveNote subject={`record:${request.recordId}`} />}
      {doc && (
        <ViewerWatermark>
          {doc.mime === 'application/pdf' ? (
            <iframe title={doc.fileName} src={doc.url} data-testid="attachment-frame" style={{ width: '100%', height: '70vh', border: 0 }} />
          ) : (
            <img alt={doc.fileName} src={doc.url} data-testid="attachment-image" style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }} />
          )}
        </ViewerWatermark>
      )}
    </Modal>
  );
}
