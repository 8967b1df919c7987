import { Alert, Spin, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArchiveTime } from '../lib/archive-time';
import type { OpenPdf, PdfFault } from '../lib/pdf-view';
import { useSession } from '../lib/session-context';

/** The in-app viewer shows at most this many pages; the rest only through the audited export. */
export const VIEW_MAX_PAGES = 60;

export type ViewedFile = { mime: string; fileName: string; dataBase64: string };

/** The stamp burnt into each page: the viewer's name, user name and the time of this opening. */
export function useViewerStamp(opening: unknown): string {
  const { status } = useSession();
  const at = useArchiveTime();
  return useMemo(
    () => `${status.session?.displayName ?? ''} (${status.session?.username ?? ''}) ${at.time(Date.now())}`,
    // A new stamp time for each opening of a file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [status.session, at, opening],
  );
}

/**
 * A file shown only as pictures drawn onto canvases with `stamp` (the viewer's name and time) burnt
 * into the pixels: PDFs page by page with pdf.js (a lazily loaded chunk, see lib/pdf-view), images as
 * themselves. Each page is drawn off-screen and copied with the stamp, so no canvas ever shows an
 * unmarked page, and only when it scrolls near the view, one at a time, so a 60-page file opens at
 * once. No download or print control, no context menu or dragging on the pages.
 *
 * The renderer holds the decrypted bytes while this is open (pdf.js needs them): the desktop app has
 * no devtools, but a browser client of the office server could take them from its devtools.
 */
export function StampedPages({ file, stamp, note }: { file: ViewedFile; stamp: string; note?: string }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<OpenPdf | null>(null);
  const [fault, setFault] = useState<PdfFault | null>(null);
  const isPdf = file.mime === 'application/pdf';

  useEffect(() => {
    setPdf(null);
    setFault(null);
    if (!isPdf) return;
    let live = true;
    let opened: OpenPdf | null = null;
    void import('../lib/pdf-view')
      .then((m) => m.openPdf(m.base64Bytes(file.dataBase64)))
      .then(
        (doc) => {
          opened = doc;
          if (live) setPdf(doc);
          else doc.close();
        },
        (e: unknown) => live && setFault((e as { fault?: PdfFault } | null)?.fault ?? 'unreadable'),
      );
    return () => {
      live = false;
      opened?.close();
    };
  }, [file, isPdf]);

  if (fault)
    return (
      <Alert type="error" showIcon data-testid="viewer-error" message={t(fault === 'encrypted' ? 'register.viewerEncrypted' : 'register.viewerUnreadable')} />
    );
  if (isPdf && !pdf) return <Spin />;
  const pageCount = pdf?.pageCount ?? 1;
  const shown = Math.min(pageCount, VIEW_MAX_PAGES);

  return (
    <>
      <Typography.Paragraph type="secondary" data-testid="viewer-note" style={{ marginBottom: 8 }}>
        {shown < pageCount ? t('register.viewerFirstPages', { count: pageCount, shown }) : t('register.viewerPages', { count: pageCount })}
        {' · '}
        {note ?? t('register.viewerNoCopy')}
      </Typography.Paragraph>
      <PageList pdf={pdf} file={file} shown={shown} stamp={stamp} />
    </>
  );
}

function PageList({ pdf, file, shown, stamp }: { pdf: OpenPdf | null; file: ViewedFile; shown: number; stamp: string }) {
  const box = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();

  useEffect(() => {
    const root = box.current;
    if (!root) return;
    const canvases = [...root.querySelectorAll<HTMLCanvasElement>('canvas[data-page]')];
    let live = true;
    if (!pdf) {
      // An image: decoded off-screen, then drawn with the stamp.
      const img = new Image();
      img.onload = () => live && paint(canvases[0], img, stamp);
      img.src = `data:${file.mime};base64,${file.dataBase64}`;
      return () => {
        live = false;
        img.src = '';
      };
    }
    // PDF pages: drawn when near the view, one at a time (pdf.js's worker is one thread anyway).
    const queue: HTMLCanvasElement[] = [];
    let busy = false;
    const next = async () => {
      if (busy) return;
      busy = true;
      for (let c = queue.shift(); c && live; c = queue.shift()) {
        try {
          const off = await pdf.render(Number(c.dataset.page));
          if (live) paint(c, off, stamp);
          off.width = 0; // frees the unmarked picture at once
        } catch {
          if (live) c.dataset.failed = 'true';
          if (live) c.setAttribute('aria-label', `${c.getAttribute('aria-label') ?? ''} ${t('register.viewerUnreadable')}`);
        }
      }
      busy = false;
    };
    const seen = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          seen.unobserve(e.target);
          queue.push(e.target as HTMLCanvasElement);
        }
        queue.sort((a, b) => Number(a.dataset.page) - Number(b.dataset.page));
        void next();
      },
      { root, rootMargin: '400px 0px' },
    );
    canvases.forEach((c) => seen.observe(c));
    return () => {
      live = false;
      seen.disconnect();
    };
  }, [pdf, file, stamp, t]);

  const size = pdf?.firstSize;
  return (
    <div
      ref={box}
      data-testid="attachment-pages"
      onContextMenu={(e) => e.preventDefault()}
      onDragStart={(e) => e.preventDefault()}
      style={{ maxHeight: '70vh', overflow: 'auto', background: '#f0f0f0', padding: 8, userSelect: 'none' }}
    >
      {Array.from({ length: shown }, (_, i) => (
        <canvas
          key={`${i}-${stamp}`}
          data-page={i + 1}
          width={size?.width ?? 1}
          height={size?.height ?? 1}
          aria-label={`${file.fileName} ${i + 1}`}
          data-testid="attachment-page"
          onContextMenu={(e) => e.preventDefault()}
          style={{ display: 'block', maxWidth: '100%', margin: '0 auto 8px', background: '#fff', boxShadow: '0 1px 3px rgba(0,0,0,.2)' }}
        />
      ))}
    </div>
  );
}

/** Copies an off-screen picture onto the shown canvas and burns the stamp in, in one go. */
function paint(c: HTMLCanvasElement | undefined, src: HTMLCanvasElement | HTMLImageElement, stamp: string) {
  if (!c) return;
  const w = src instanceof HTMLImageElement ? src.naturalWidth : src.width;
  const h = src instanceof HTMLImageElement ? src.naturalHeight : src.height;
  c.width = w;
  c.height = h;
  const g = c.getContext('2d');
  if (!g) return;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, h);
  g.drawImage(src, 0, 0);
  drawStamp(g, w, h, stamp);
  c.dataset.drawn = 'true';
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
