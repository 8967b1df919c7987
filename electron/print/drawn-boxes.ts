/**
 * The rectangles a layout draws that text must keep clear of or stay inside: barcodes, QR codes
 * and frames (bordered boxes). Text positions come from the PDF itself (pdftotext -bbox-layout);
 * vector barcodes leave no trace there, so the drawing code notes them here. Recording is off
 * (one null check per box) unless a test collects the boxes of one rendering.
 */
export type DrawnKind = 'code128' | 'qr' | 'frame';

export interface DrawnBox {
  /** 1-based page number. */
  page: number;
  kind: DrawnKind;
  /** Points from the page's top-left corner, after calibration offsets. */
  x: number;
  y: number;
  w: number;
  h: number;
  label?: string;
}

let sink: DrawnBox[] | null = null;
const pageOf = new WeakMap<PDFKit.PDFDocument, number>();

/** Counts the pages of a document so that boxes know where they are. */
export function trackPages(doc: PDFKit.PDFDocument): void {
  pageOf.set(doc, 1);
  doc.on('pageAdded', () => pageOf.set(doc, (pageOf.get(doc) ?? 0) + 1));
}

/** Notes a rectangle given in the current user space (translations, e.g. calibration, applied). */
export function noteBox(doc: PDFKit.PDFDocument, kind: DrawnKind, x: number, y: number, w: number, h: number, label?: string): void {
  if (!sink) return;
  // pdfkit's matrix maps user space to PDF space (origin bottom-left); turn it back to top-left.
  const [a, b, c, d, e, f] = (doc as unknown as { _ctm: number[] })._ctm;
  const H = doc.page.height;
  const pt = (px: number, py: number) => [a * px + c * py + e, H - (b * px + d * py + f)];
  const [x1, y1] = pt(x, y);
  const [x2, y2] = pt(x + w, y + h);
  sink.push({ page: pageOf.get(doc) ?? 1, kind, x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1), label });
}

/** Runs one rendering and returns what it drew. Renderings must not overlap in time. */
export async function collectDrawnBoxes<T>(render: () => Promise<T>): Promise<{ result: T; boxes: DrawnBox[] }> {
  if (sink) throw new Error('collectDrawnBoxes is already running');
  const boxes: DrawnBox[] = [];
  sink = boxes;
  try {
    return { result: await render(), boxes };
  } finally {
    sink = null;
  }
}

/** Strokes a bordered box whose texts must stay inside it, and notes it as a frame. */
export function frame(doc: PDFKit.PDFDocument, x: number, y: number, w: number, h: number, lineWidth = 0.5): PDFKit.PDFDocument {
  doc.lineWidth(lineWidth).rect(x, y, w, h).stroke();
  noteBox(doc, 'frame', x, y, w, h);
  return doc;
}
