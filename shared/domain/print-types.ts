/**
 * Plain data the print layouts take (issue 7). No database types: the service layer maps its
 * rows onto these, so the layouts stay pure and testable without a vault.
 */
import type { TagDef } from './tags';

/** Where the household lives: community → grid → building → unit → room (domain.md). */
export interface AddressParts {
  grid: string;
  building: string;
  unit: string;
  room: string;
}

/** Where the paper lies in the archives room (location register). */
export interface LocationParts {
  room: string;
  cabinet: string;
  shelf: string;
  box: string;
}

/** One archive cover (封面/卷皮). */
export interface CoverData {
  community: string;
  /** 档号 — printed as text, Code 128 and QR. May contain Chinese (QR then carries ECI 26 UTF-8). */
  archiveNo: string;
  /** 题名 */
  title: string;
  /** Household head; null (or ignored) for discreet households. */
  householdHead: string | null;
  address: AddressParts;
  /** ISO dates (YYYY-MM-DD) or years; dateTo null = still open. */
  dateFrom: string;
  dateTo: string | null;
  /** Retention class label as shown, e.g. "永久" or "定期30年". */
  retention: string;
  pages: number;
  location: LocationParts | null;
  tags: TagDef[];
  /** A discreet household prints no head name and no tag names at all — colours and codes only. */
  discreetHousehold: boolean;
  /**
   * Code 128 can only carry ASCII (zbar and most keyboard-wedge scanners drop FNC4 high bytes).
   * For a 档号 with Chinese characters the caller may give an ASCII key for the linear barcode;
   * without one the cover prints a note pointing to the QR code instead of a wrong barcode.
   */
  code128Text?: string;
}

/** One row of the building cover's household table. */
export interface BuildingHouseholdRow {
  unit: string;
  room: string;
  /** null for discreet households. */
  headName: string | null;
  tags: TagDef[];
  discreetHousehold: boolean;
}

/** 楼栋封皮 */
export interface BuildingCoverData {
  community: string;
  grid: string;
  building: string;
  units: string[];
  households: BuildingHouseholdRow[];
  /** Optional people to name on the sheet (楼长/网格员), public roles only. */
  gridWorker?: string;
}

/** Box spine label per DA/T 22-2015 (档案盒脊背). */
export interface BoxSpineData {
  /** 全宗号 */
  fondsNo: string;
  /** 年度 */
  year: string;
  /** 保管期限 (label) */
  retention: string;
  /** 起止件号 */
  itemFrom: string;
  itemTo: string;
  /** 盒号 */
  boxNo: string;
  /** Spine width in mm: DA/T 22 boxes come in 20, 30, 40 and 50 mm. */
  spineWidthMm: number;
}

/** One note on the 备考表, by kind (DA/T 22: 缺损、修改、补充、移出、销毁). */
export type BoxNoteKind = 'missing' | 'amended' | 'supplemented' | 'removed' | 'destroyed';

export interface BoxNote {
  kind: BoxNoteKind;
  text: string;
}

/** 备考表 (box record sheet). */
export interface BoxRecordSheetData {
  community: string;
  fondsNo: string;
  year: string;
  boxNo: string;
  notes: BoxNote[];
  /** 整理人 / 整理日期 / 检查人 / 检查日期 */
  arrangedBy: string;
  arrangedDate: string;
  checkedBy: string;
  checkedDate: string;
}

/** A small label for a file or folder: 档号, 题名, year, retention, box. */
export interface RecordLabelData {
  archiveNo: string;
  title: string;
  year: string;
  retention: string;
  boxNo?: string;
}

export type PaperSize = 'A4' | 'A3' | { widthMm: number; heightMm: number };

export interface PrintOptions {
  paper: PaperSize;
  /** false = black and white: tag blocks become outlined boxes with the code, still distinct. */
  colour: boolean;
  /** Printer calibration for pre-printed stock: everything moves by these millimetres. */
  offsetXmm: number;
  offsetYmm: number;
  /** Covers print Chinese only; true adds the English captions beside the Chinese. */
  english?: boolean;
}

/**
 * Characters that no font on the printing computer has, per printed item (a cover's 档号, a
 * building cover, a label …). They print as 〓 to be written in by hand; the job still prints and
 * the keeper sees one line naming the items affected.
 */
export interface UnprintableChars {
  subject: string;
  chars: string[];
}

export const DEFAULT_PRINT_OPTIONS: PrintOptions = { paper: 'A4', colour: true, offsetXmm: 0, offsetYmm: 0, english: false };

/** Labels for the 备考表 note kinds (zh for print, en for the UI). */
export const BOX_NOTE_LABELS: Record<BoxNoteKind, { zh: string; en: string }> = {
  missing: { zh: '缺损', en: 'Missing or damaged' },
  amended: { zh: '修改', en: 'Amended' },
  supplemented: { zh: '补充', en: 'Supplemented' },
  removed: { zh: '移出', en: 'Removed' },
  destroyed: { zh: '销毁', en: 'Destroyed' },
};

/**
 * The one line that reports items with characters no font could print (each printed as 〓), for
 * the CLI and the log; the print page words the same facts through i18n. At most 10 items named.
 */
export function unprintableLine(list: readonly UnprintableChars[]): string {
  const named =
    list
      .slice(0, 10)
      .map((u) => `${u.subject}（${u.chars.join('')}）`)
      .join('、') + (list.length > 10 ? ' …' : '');
  return `${list.length} 份含字库中没有的字，已印为〓，请手写补上：${named} / ${list.length} printed with 〓 where no font has the character; write it in by hand.`;
}
