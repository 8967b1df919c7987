import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectDrawnBoxes, type DrawnBox } from '../../electron/print/drawn-boxes';
import { PRINT_DOCS } from '../fixtures/print-docs';
import { diffGray, layoutFaults, pdfPagesGray, pdfWords, printedRules } from '../helpers/pdf-layout';
import { decodeGrayPng, encodeGrayPng } from '../helpers/png';

/**
 * Every printed document, rendered from fixed data (test/fixtures/print-docs.ts):
 *  - geometry: no two words overprint, no word on a barcode or QR code, no word printed across a
 *    frame's border or a table's rule, nothing off the page (word boxes from pdftotext, code and
 *    frame boxes from the drawing code, rules from the pixels);
 *  - pixels: each page at 60 dpi grey equals its reference image in test/visual/ within 0.05 % of
 *    the pixels (anti-aliasing forgiven), so any change of layout is a visible diff in review.
 * References change only on purpose: `npm run visual:update` (VISUAL_UPDATE=1) rewrites them; a
 * missing reference fails. On a mismatch the rendering and a difference mask are written to
 * test/visual/.diff/ to look at.
 */
const DPI = 60;
const TOLERANCE = 0.0005;
const DIR = join(__dirname, '..', 'visual');
const DIFF_DIR = join(DIR, '.diff');
const UPDATE = process.env.VISUAL_UPDATE === '1';

const rendered = new Map<string, Promise<{ pdf: Buffer; boxes: DrawnBox[] }>>();
const render = (name: string) => {
  if (!rendered.has(name))
    rendered.set(
      name,
      collectDrawnBoxes(PRINT_DOCS[name]).then(({ result, boxes }) => ({ pdf: result, boxes })),
    );
  return rendered.get(name)!;
};

describe.each(Object.keys(PRINT_DOCS))('printed document: %s', (name) => {
  it('nothing overlaps: words, codes and frames each keep their place', async () => {
    const { pdf, boxes } = await render(name);
    const { pages, words } = pdfWords(pdf);
    expect(words.length, 'the page holds text').toBeGreaterThan(0);
    expect(layoutFaults(pages, words, boxes, printedRules(pdfPagesGray(pdf, 100), 100))).toEqual([]);
  });

  it(`matches the reference image${UPDATE ? ' (updating)' : ''}`, async () => {
    const { pdf } = await render(name);
    const pages = pdfPagesGray(pdf, DPI);
    const ref = (i: number) => join(DIR, `${name}-p${i + 1}.png`);
    if (UPDATE) {
      mkdirSync(DIR, { recursive: true });
      for (const f of readdirSync(DIR).filter((f) => f.startsWith(`${name}-p`) && f.endsWith('.png'))) rmSync(join(DIR, f));
      pages.forEach((p, i) => writeFileSync(ref(i), encodeGrayPng(p)));
      return;
    }
    const stored = readdirSync(DIR).filter((f) => new RegExp(`^${name}-p\\d+\\.png$`).test(f)).length;
    expect(pages.length, `page count (references: ${stored}); run npm run visual:update if the change is intended`).toBe(stored);
    const bad: string[] = [];
    pages.forEach((page, i) => {
      if (!existsSync(ref(i))) return bad.push(`page ${i + 1}: no reference ${ref(i)} — run npm run visual:update`);
      const d = diffGray(decodeGrayPng(readFileSync(ref(i))), page);
      if (d.ratio > TOLERANCE) {
        mkdirSync(DIFF_DIR, { recursive: true });
        writeFileSync(join(DIFF_DIR, `${name}-p${i + 1}.actual.png`), encodeGrayPng(page));
        writeFileSync(join(DIFF_DIR, `${name}-p${i + 1}.diff.png`), encodeGrayPng(d.mask));
        bad.push(`page ${i + 1}: ${d.differing} pixels (${(d.ratio * 100).toFixed(3)} %) differ — see test/visual/.diff/${name}-p${i + 1}.*.png`);
      }
    });
    expect(bad).toEqual([]);
  });
});
