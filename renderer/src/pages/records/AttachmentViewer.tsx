import { Alert, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StampedPages, useViewerStamp, type ViewedFile } from '../../components/StampedPages';
import { ViewerWatermark } from '../../components/ViewerWatermark';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { LookupGate } from '../lookups/LookupGate';
import { SensitiveNote } from '../lookups/SensitiveNote';

/**
 * Shows an attachment only as pictures drawn to canvas with the viewer's name and time burnt in
 * (StampedPages: PDF pages by pdf.js in the renderer, images as themselves), never in a browser PDF
 * frame with its download and print buttons. A copy leaves the room only through the audited export.
 */
export function AttachmentViewer({ request, onClose }: { request: { id: string; recordId?: string; purpose: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<ViewedFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  // APPROVAL_REQUIRED (sensitive record or key household): show the look-up request instead.
  const [gated, setGated] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const stamp = useViewerStamp(request);

  useEffect(() => {
    setDoc(null);
    setError(null);
    setGated(false);
    if (!request) return;
    let live = true;
    void api.attachments.view({ id: request.id, purpose: request.purpose || undefined }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        if (r.error.code === 'APPROVAL_REQUIRED' && request.recordId) return setGated(true);
        return setError(errorText(r.error));
      }
      setDoc(r.value);
    });
    return () => {
      live = false;
    };
  }, [request, attempt]);

  // Ctrl+P / Ctrl+S while the viewer is open would print or save the page: swallowed.
  useEffect(() => {
    if (!request) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && ['p', 's'].includes(e.key.toLowerCase())) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [request]);

  return (
    <Modal
      open={!!request}
      onCancel={onClose}
      footer={null}
      width="80vw"
      title={doc?.fileName ?? t('register.viewAttachment')}
      destroyOnHidden
      data-testid="attachment-viewer"
      className="attachment-viewer no-print"
    >
      {error && <Alert type="error" showIcon message={error} />}
      {gated && request?.recordId && <LookupGate subject={`record:${request.recordId}`} purpose={request.purpose} onOpen={() => setAttempt((n) => n + 1)} />}
      {!doc && !error && !gated && <Spin />}
      {doc && request?.recordId && <SensitiveNote subject={`record:${request.recordId}`} />}
      {doc && (
        <ViewerWatermark>
          <StampedPages file={doc} stamp={stamp} />
        </ViewerWatermark>
      )}
    </Modal>
  );
}
