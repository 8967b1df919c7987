/** Vite's `?worker` import: the pdf.js worker bundled as its own chunk and started from the app's origin. */
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?worker' {
  const PdfWorker: { new (): Worker };
  export default PdfWorker;
}
