/**
 * Self-adhesive A4 label sheets the archives room buys, with their makers' geometry in mm, and
 * where label n lands on a partly used sheet. Pure: shared by the print layout, the contract and
 * the print page.
 */
export const LABEL_SHEET_IDS = ['2x8', '3x7', '3x10'] as const;
export type LabelSheetId = (typeof LABEL_SHEET_IDS)[number];

export interface LabelSheet {
  id: LabelSheetId;
  cols: number;
  rows: number;
  /** One label's size. */
  w: number;
  h: number;
  /** Top-left corner of the first label from the sheet's corner. */
  left: number;
  top: number;
  /** Distance between the left edges of neighbouring labels / the top edges of rows. */
  pitchX: number;
  pitchY: number;
  /** The sheets sold in this format, for the picker (e.g. Avery L7162). */
  examples: string;
}

/** A4 only: 210 × 297 mm; each format fills the sheet to within its makers' tolerances. */
export const LABEL_SHEETS: Record<LabelSheetId, LabelSheet> = {
  '2x8': { id: '2x8', cols: 2, rows: 8, w: 99.1, h: 33.9, left: 4.65, top: 12.9, pitchX: 101.6, pitchY: 33.9, examples: 'Avery L7162 / J8162' },
  '3x7': { id: '3x7', cols: 3, rows: 7, w: 63.5, h: 38.1, left: 7.25, top: 15.15, pitchX: 66, pitchY: 38.1, examples: 'Avery L7160 / J8160' },
  '3x10': { id: '3x10', cols: 3, rows: 10, w: 70, h: 29.7, left: 0, top: 0, pitchX: 70, pitchY: 29.7, examples: 'Avery Zweckform 3489' },
};

export const LABEL_SHEET_PAPER = { w: 210, h: 297 } as const;

export const labelsPerSheet = (s: LabelSheet): number => s.cols * s.rows;

export interface PlacedLabel {
  /** 0-based sheet (page). */
  sheet: number;
  /** 1-based position on its sheet, row by row from the top left (as printed on the sheet's box). */
  position: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where the i-th label (0-based) goes when the first sheet is used from `startAt` (1-based; the
 * labels before it were peeled off already). Later sheets start at position 1.
 */
export function placeLabel(s: LabelSheet, i: number, startAt = 1): PlacedLabel {
  const per = labelsPerSheet(s);
  if (!Number.isInteger(startAt) || startAt < 1 || startAt > per) throw new RangeError(`start position ${startAt} is not on a ${s.id} sheet (1–${per})`);
  const k = i + startAt - 1;
  const slot = k % per;
  const col = slot % s.cols;
  const row = Math.floor(slot / s.cols);
  return { sheet: Math.floor(k / per), position: slot + 1, x: s.left + col * s.pitchX, y: s.top + row * s.pitchY, w: s.w, h: s.h };
}

/** Sheets needed for `count` labels starting at `startAt`. */
export const sheetsNeeded = (s: LabelSheet, count: number, startAt = 1): number => (count ? placeLabel(s, count - 1, startAt).sheet + 1 : 0);
