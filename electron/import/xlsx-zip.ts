import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';

/**
 * What the streaming XLSX reader needs that exceljs's streaming WorkbookReader does not give: the
 * worksheets in workbook order (names, how many) and each one's merged ranges. Merges are written
 * after the rows in a worksheet's XML (`<mergeCells>` follows `<sheetData>`), so a reader that
 * streams rows learns of them too late; this reads the ZIP's central directory, inflates each
 * worksheet once as a stream and keeps only the text after `</sheetData>`. The bytes are in memory
 * already (an import arrives as one buffer); nothing the size of the sheet is kept.
 */

/** A merged range, 1-based and inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface WorkbookOutline {
  /** Worksheets in workbook order. */
  sheets: { name: string; path: string; merges: MergeRange[] }[];
}

export interface Entry {
  method: number;
  size: number;
  /** Inflated size (the central directory's). */
  usize: number;
  offset: number;
}

export function entries(buf: Buffer): Map<string, Entry> {
  const out = new Map<string, Entry>();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && p + 46 <= buf.length; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('damaged ZIP directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const offset = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.set(name.replace(/^\//, ''), { method, size, usize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function raw(buf: Buffer, e: Entry): Readable {
  const data = buf.subarray(e.offset, e.offset + e.size);
  if (e.method === 0) return Readable.from([data]);
  if (e.method !== 8) throw new Error(`ZIP method ${e.method}`);
  const inflate = createInflateRaw();
  inflate.end(data);
  return inflate;
}

export async function wholeText(buf: Buffer, e: Entry | undefined): Promise<string> {
  if (!e) return '';
  const parts: Buffer[] = [];
  for await (const c of raw(buf, e)) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** The text after `</sheetData>`, read as the worksheet inflates (rows are dropped chunk by chunk). */
async function tailAfterRows(buf: Buffer, e: Entry): Promise<string> {
  const mark = Buffer.from('</sheetData>');
  let carry: Buffer = Buffer.alloc(0);
  const tail: Buffer[] = [];
  let found = false;
  for await (const c of raw(buf, e)) {
    const chunk = c as Buffer;
    if (found) {
      tail.push(chunk);
      continue;
    }
    const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const at = joined.indexOf(mark);
    if (at >= 0) {
      found = true;
      tail.push(joined.subarray(at + mark.length));
    } else carry = joined.subarray(Math.max(0, joined.length - mark.length));
  }
  return Buffer.concat(tail).toString('utf8');
}

export const xmlText = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, x: string) => {
    const k = x.toLowerCase();
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'amp') return '&';
    return String.fromCodePoint(k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });

const attrRes = new Map<string, RegExp>();
export const attr = (tag: string, name: string) => {
  let re = attrRes.get(name);
  if (!re) attrRes.set(name, (re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(tag);
  if (!m) return undefined;
  const v = m[1] ?? m[2];
  return v.includes('&') ? xmlText(v) : v;
};

export function colNo(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseRange(ref: string): MergeRange | null {
  const m = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const [top, left] = [Number(m[2]), colNo(m[1])];
  const [bottom, right] = m[3] ? [Number(m[4]), colNo(m[3])] : [top, left];
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** Worksheets (workbook order) and their merged ranges. Throws on a file that is not an XLSX. */
export async function workbookOutline(buf: Buffer): Promise<WorkbookOutline> {
  const dir = entries(buf);
  const workbook = await wholeText(buf, dir.get('xl/workbook.xml'));
  const rels = await wholeText(buf, dir.get('xl/_rels/workbook.xml.rels'));
  if (!workbook) throw new Error('no xl/workbook.xml');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: WorkbookOutline['sheets'] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = attr(m[0], '(?:\\w+:)?id');
    const path = rid ? targets.get(rid) : undefined;
    if (name === undefined || !path) continue;
    const e = dir.get(path);
    const merges: MergeRange[] = [];
    if (e) {
      const tail = await tailAfterRows(buf, e);
      for (const mc of tail.matchAll(/<(?:\w+:)?mergeCell\b[^>]*>/g)) {
        const r = parseRange(attr(mc[0], 'ref') ?? '');
        if (r) merges.push(r);
      }
    }
    sheets.push({ name, path, merges });
  }
  return { sheets };
}

/** A cell's value as the importer reads it (sheet-reader.ts's Cell). */
type Value = string | number | Date | boolean | null;

/**
 * Builtin number formats exceljs reads as dates (its own table: 14–22, 45–47); other builtin ids
 * are read as numbers, as exceljs's whole-workbook reader did before this reader replaced it.
 */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs's rule for a format code: date characters outside quotes and brackets. */
function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Text of a string item (shared or inline): its runs joined, phonetic guides (rPh) left out. */
function runsText(inner: string): string {
  const body = inner.includes('rPh') ? inner.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : inner;
  let text = '';
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>/g)) text += m[1];
  return text.includes('&') ? xmlText(text) : text;
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) out.push(m[1] === undefined ? '' : runsText(m[1]));
  return out;
}

/** For each cell style (cellXfs index): is it a date format? */
function dateStyles(xml: string): boolean[] {
  const codes = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const code = attr(m[0], 'formatCode');
    if (code !== undefined) codes.set(Number(attr(m[0], 'numFmtId')), code);
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)].map((m) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    return codes.has(id) ? isDateFormat(codes.get(id)) : BUILTIN_DATE_IDS.has(id);
  });
}

const excelToDate = (v: number, date1904: boolean) => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

/** One row: its number and its cells' values by column (1-based, sparse). */
export type XlsxRow = [rowNo: number, values: Value[]];

export interface XlsxBook extends WorkbookOutline {
  /** The worksheet's rows in order, a batch per inflated chunk; only the chunk in hand is in memory. */
  rows(path: string): AsyncGenerator<XlsxRow[]>;
  /** Rows the worksheet holds below `headerRow`, judged by how far into its XML rows() has read (for progress). */
  estimate(path: string, headerRow: number): number;
}

/**
 * An XLSX opened for streaming: shared strings and styles read whole (small beside the rows), each
 * worksheet's XML inflated and scanned chunk by chunk. Values as exceljs gives them: shared and
 * inline strings (rich text joined), numbers, dates for date-formatted numbers (1900 or 1904 system),
 * booleans, a formula's cached result; error cells are empty.
 */
export async function openXlsx(buf: Buffer): Promise<XlsxBook> {
  const outline = await workbookOutline(buf);
  const dir = entries(buf);
  const workbook = await wholeText(buf, dir.get('xl/workbook.xml'));
  const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbook)?.[0] ?? '';
  const date1904 = ['1', 'true'].includes((attr(pr, 'date1904') ?? '').toLowerCase());
  const strings = sharedStrings(await wholeText(buf, dir.get('xl/sharedStrings.xml')));
  const dates = dateStyles(await wholeText(buf, dir.get('xl/styles.xml')));
  const valueOf = (attrs: string, inner: string | undefined): Value => {
    if (inner === undefined) return null;
    const t = attr(attrs, 't') ?? 'n';
    if (t === 'inlineStr') return runsText(inner);
    const vm = /<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?v>/.exec(inner);
    if (!vm) return null;
    const v = vm[1];
    switch (t) {
      case 's':
        return strings[Number(v)] ?? null;
      case 'str':
        return v.includes('&') ? xmlText(v) : v;
      case 'b':
        return parseInt(v, 10) !== 0;
      case 'e':
        return null;
      case 'd':
        return v;
      default: {
        const n = parseFloat(v);
        const s = Number(attr(attrs, 's') ?? 0);
        return dates[s] ? excelToDate(n, date1904) : n;
      }
    }
  };
  const read = new Map<string, { bytes: number; row: number }>();
  async function* rows(path: string): AsyncGenerator<XlsxRow[]> {
    const e = dir.get(path);
    if (!e) return;
    const at = { bytes: 0, row: 0 };
    read.set(path, at);
    const dec = new StringDecoder('utf8');
    let carry = '';
    let prev = 0;
    const parse = (text: string): XlsxRow[] => {
      const out: XlsxRow[] = [];
      const rowRe = /<(?:\w+:)?row\b([^>]*)>/g;
      for (let m = rowRe.exec(text); m; m = rowRe.exec(text)) {
        const attrs = m[1];
        const r = attr(attrs, 'r');
        const rowNo = r ? Number(r) : prev + 1;
        prev = rowNo;
        if (attrs.endsWith('/')) continue;
        const close = text.indexOf('row>', rowRe.lastIndex);
        const body = text.slice(rowRe.lastIndex, close < 0 ? text.length : close);
        rowRe.lastIndex = close < 0 ? text.length : close + 4;
        const values: Value[] = [];
        let col = 0;
        for (const c of body.matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
          const ref = attr(c[1], 'r');
          col = ref ? colNo(ref.replace(/[^A-Za-z]/g, '')) : col + 1;
          const v = valueOf(c[1], c[2]);
          if (v !== null) values[col] = v;
        }
        out.push([rowNo, values]);
      }
      return out;
    };
    for await (const chunk of raw(buf, e)) {
      at.bytes += (chunk as Buffer).length;
      at.row = prev;
      const text = carry + dec.write(chunk as Buffer);
      // Whole rows only: up to the last closing tag; the rest waits for the next chunk.
      const end = text.lastIndexOf('row>');
      if (end < 0 || text.lastIndexOf('<row', end) < 0) {
        carry = text;
        continue;
      }
      const cut = end + 4;
      const batch = parse(text.slice(0, cut));
      carry = text.slice(cut);
      if (batch.length) yield batch;
      if (carry.includes('sheetData>')) return;
    }
    const last = parse(carry + dec.end());
    if (last.length) yield last;
  }
  const estimate = (path: string, headerRow: number) => {
    const e = dir.get(path);
    const at = read.get(path);
    if (!e || !at || !at.bytes || !at.row) return 0;
    return Math.round(((at.row - headerRow) * e.usize) / at.bytes);
  };
  return { ...outline, rows, estimate };
}
