import { z } from 'zod';
import { bi, channel } from './channel';
import { REPORT_YEAR_MAX, REPORT_YEAR_MIN } from '../domain/annual-report';
import { LABEL_SHEET_IDS, LABEL_SHEETS, labelsPerSheet } from '../domain/label-sheets';
import { Id, PdfFile } from './common';

const Paper = z.union([z.enum(['A4', 'A3']), z.object({ widthMm: z.number().min(50).max(1000), heightMm: z.number().min(50).max(1500) })]);
export const PrintOptionsSchema = z.object({
  paper: Paper.default('A4'),
  colour: z.boolean().default(true),
  offsetXmm: z
    .number()
    .min(-20, bi('偏移最多 ±20 毫米', 'Offsets are at most ±20 mm'))
    .max(20, bi('偏移最多 ±20 毫米', 'Offsets are at most ±20 mm'))
    .default(0),
  offsetYmm: z
    .number()
    .min(-20, bi('偏移最多 ±20 毫米', 'Offsets are at most ±20 mm'))
    .max(20, bi('偏移最多 ±20 毫米', 'Offsets are at most ±20 mm'))
    .default(0),
  /** Covers print Chinese only unless English is chosen. */
  english: z.boolean().default(false),
});

const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('records'), ids: z.array(Id).min(1).max(5000) }),
  z.object({ kind: z.literal('building'), id: Id }),
  z.object({ kind: z.literal('grid'), id: Id }),
]);

/** Items with characters that no font on this computer has: printed as 〓, to be written in by hand. */
const Unprintable = z.object({ subject: z.string(), chars: z.array(z.string()) });
const Pdf = PdfFile.extend({ pages: z.number(), unprintable: z.array(Unprintable) });
const JobView = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number(),
  error: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  pdf: Pdf.nullable(),
});

export const printContract = {
  /** Covers for a selection, a building or a grid, as one PDF: a job with progress and cancel. */
  startCovers: channel({ req: z.object({ scope: Scope, options: PrintOptionsSchema }), res: JobView, access: 'print.run' }),
  job: channel({ req: z.object({ id: Id }), res: JobView, access: 'print.run', passive: true }),
  cancel: channel({ req: z.object({ id: Id }), res: JobView, access: 'print.run' }),
  buildingCover: channel({ req: z.object({ buildingId: Id, options: PrintOptionsSchema }), res: Pdf, access: 'print.run' }),
  boxSpine: channel({
    req: z.object({ locationId: Id, spineWidthMm: z.union([z.literal(20), z.literal(30), z.literal(40), z.literal(50)]), options: PrintOptionsSchema }),
    res: Pdf,
    access: 'print.run',
  }),
  boxSheet: channel({
    req: z.object({
      locationId: Id,
      notes: z.array(z.object({ kind: z.enum(['missing', 'amended', 'supplemented', 'removed', 'destroyed']), text: z.string().max(200) })).max(20),
      arrangedBy: z.string().max(40),
      arrangedDate: z.string().max(10),
      checkedBy: z.string().max(40),
      checkedDate: z.string().max(10),
      options: PrintOptionsSchema,
    }),
    res: Pdf,
    access: 'print.run',
  }),
  labels: channel({
    req: z
      .object({
        recordIds: z.array(Id).min(1).max(2000),
        /** A bought A4 label sheet (shared/domain/label-sheets) and the first free label on it. */
        sheet: z.enum(LABEL_SHEET_IDS).default('2x8'),
        startAt: z.number().int().min(1, bi('起始位置从 1 开始', 'The start position is 1 or more')).default(1),
        options: PrintOptionsSchema,
      })
      .refine((r) => r.startAt <= labelsPerSheet(LABEL_SHEETS[r.sheet]), {
        path: ['startAt'],
        message: bi('起始位置超出这种标签纸的标签数', 'The start position is beyond the labels on this sheet'),
      }),
    res: Pdf,
    access: 'print.run',
  }),
  /** 年度统计报表 for the 街道 as PDF or XLSX: counts only (shared/domain/annual-report). */
  annualReport: channel({
    req: z.object({
      year: z
        .number()
        .int()
        .min(REPORT_YEAR_MIN, bi('年度不在可统计范围内', 'That year is out of range'))
        .max(REPORT_YEAR_MAX, bi('年度不在可统计范围内', 'That year is out of range')),
      format: z.enum(['pdf', 'xlsx']),
    }),
    res: PdfFile.extend({ mime: z.string(), pages: z.number().nullable() }),
    access: 'reports.annual',
  }),
  calibration: channel({ req: z.object({ options: PrintOptionsSchema }), res: Pdf, access: 'print.run' }),
};
