import { describe, expect, it } from 'vitest';
import { LABEL_SHEET_IDS, LABEL_SHEET_PAPER, LABEL_SHEETS, labelsPerSheet, placeLabel, sheetsNeeded } from '../../shared/domain/label-sheets';

describe('A4 label sheets', () => {
  it.each(LABEL_SHEET_IDS)('%s fills an A4 sheet: margins, labels and gaps add up to 210 × 297 mm', (id) => {
    const s = LABEL_SHEETS[id];
    const right = s.left + (s.cols - 1) * s.pitchX + s.w;
    const bottom = s.top + (s.rows - 1) * s.pitchY + s.h;
    expect(right + s.left).toBeCloseTo(LABEL_SHEET_PAPER.w, 1);
    expect(bottom + s.top).toBeCloseTo(LABEL_SHEET_PAPER.h, 1);
  });

  it.each([
    // sheet, i, startAt → sheet index, position, x, y
    ['2x8', 0, 1, 0, 1, 4.65, 12.9],
    ['2x8', 1, 1, 0, 2, 106.25, 12.9],
    ['2x8', 16, 1, 1, 1, 4.65, 12.9],
    ['3x7', 0, 5, 0, 5, 73.25, 53.25],
    ['3x7', 16, 5, 0, 21, 139.25, 243.75],
    ['3x7', 17, 5, 1, 1, 7.25, 15.15],
    ['3x10', 29, 1, 0, 30, 140, 267.3],
    ['3x10', 0, 30, 0, 30, 140, 267.3],
    ['3x10', 1, 30, 1, 1, 0, 0],
  ] as const)('%s label %i from position %i → sheet %i position %i at (%f, %f) mm', (id, i, startAt, sheet, position, x, y) => {
    const p = placeLabel(LABEL_SHEETS[id], i, startAt);
    expect(p.sheet).toBe(sheet);
    expect(p.position).toBe(position);
    expect(p.x).toBeCloseTo(x, 6);
    expect(p.y).toBeCloseTo(y, 6);
  });

  it('counts sheets and refuses a start position off the sheet', () => {
    const s = LABEL_SHEETS['3x7'];
    expect(labelsPerSheet(s)).toBe(21);
    expect(sheetsNeeded(s, 17, 5)).toBe(1);
    expect(sheetsNeeded(s, 18, 5)).toBe(2);
    expect(sheetsNeeded(s, 0, 5)).toBe(0);
    expect(() => placeLabel(s, 0, 0)).toThrow(RangeError);
    expect(() => placeLabel(s, 0, 22)).toThrow(/1–21/);
  });
});
