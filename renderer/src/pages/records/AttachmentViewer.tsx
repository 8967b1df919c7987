import { Alert, Modal, Spin, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ViewerWatermark } from '../../components/ViewerWatermark';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText } from '../../lib/errors';
import { useSession } from '../../lib/session-context';
import { LookupGate } from '../lookups/LookupGate';
import { SensitiveNote } from '../lookups/SensitiveNote';

type Page = { mime: string; dataBase64: string };
type Doc = { mime: string; fileName: string; pageCount: number; pages: Page[] };

/**
 * Shows an attachment only as pictures drawn to canvas with the viewer's name and time burnt in:
 * PDFs arrive as rendered pages, never as the original file, so there is no browser PDF frame with
 * its download and print buttons. A copy leaves the room only through the audited export.
 */
export function AttachmentViewer({ request, onClose }: { request: { id: string; recordId?: string; purpose: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  // APPROVAL_REQUIRED (sensitive record or key household): show the look-up request instead.
  const [gated, setGated] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const { status } = useSession();
  const at = useArchiveTime();
  const stamp = useMemo(
    () => `${status.session?.displayName ?? ''} (${status.session?.username ?? ''}) ${at.time(Date.now())}`,
    // A new stamp time for each opening of a file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [status.session, at, request],
  );

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
        <>
          <Typography.Paragraph type="secondary" data-testid="viewer-note" style={{ marginBottom: 8 }}>
            {doc.pages.length < doc.pageCount
              ? t('register.viewerFirstPages', { count: doc.pageCount, shown: doc.pages.length })
              : t('register.viewerPages', { count: doc.pageCount })}
            {' · '}
            {t('register.viewerNoCopy')}
          </Typography.Paragraph>
          <ViewerWatermark>
            <div
              data-testid="attachment-pages"
              onContextMenu={(e) => e.preventDefault()}
              onDragStart={(e) => e.preventDefault()}
              style={{ maxHeight: '70vh', overflow: 'auto', background: '#f0f0f0', padding: 8, userSelect: 'none' }}
            >
              {doc.pages.map((p, i) => (
                <PageCanvas key={i} page={p} stamp={stamp} label={`${doc.fileName} ${i + 1}`} />
              ))}
            </div>
          </ViewerWatermark>
        </>
      )}
    </Modal>
  );
}

/** One page decoded off-screen and drawn with the stamp: the canvas never carries an unmarked picture. */
function PageCanvas({ page, stamp, label }: { page: Page; stamp: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const img = new Image();
    let live = true;
    img.onload = () => {
      const c = ref.current;
      if (!live || !c) return;
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d');
      if (!g) return;
      g.drawImage(img, 0, 0);
      drawStamp(g, c.width, c.height, stamp);
      c.dataset.drawn = 'true';
    };
    img.src = `data:${page.mime};base64,${page.dataBase64}`;
    return () => {
      live = false;
      img.src = '';
    };
  }, [page, stamp]);
  return (
    <canvas
      ref={ref}
      aria-label={label}
      data-testid="attachment-page"
      style={{ display: 'block', maxWidth: '100%', margin: '0 auto 8px', background: '#fff', boxShadow: '0 1px 3px rgba(0,0,0,.2)' }}
    />
  );
}

function drawStamp(g: CanvasRenderingContext2D, w: number, h: number, text: string) {
  const size = Math.max(12, Math.round(Math.min(w, h) / 28));
  g.save();
  g.font = `${size}px sans-serif`;
  g.fillStyle = 'rgba(179, 27, 27, 0.22)';
  g.translate(w / 2, h / 2);
  g.rotate(-Math.PI / 7);
  const step = size * 6;
  for (let y = -h; y < h; y += step) {
    for (let x = -w; x < w; x += g.measureText(text).width + size * 4) g.fillText(text, x, y);
  }
  g.restore();
  g.font = `${Math.max(9, Math.round(size / 2))}px sans-serif`;
  g.fillStyle = 'rgba(90, 90, 90, 0.9)';
  g.fillText(text, 8, h - 8);
}
