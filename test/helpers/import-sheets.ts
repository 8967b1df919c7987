import ExcelJS from 'exceljs';
import { checkDigit } from '../../shared/domain/citizen-id';
import { COLUMNS, type ColumnKey } from '../../electron/import/columns';
import { rng } from './community-generator';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志文斌海燕晓东淑珍凤春梅';

export type SheetRow = Partial<Record<ColumnKey, string | number>>;

/** Unique valid IDs: the birth date walks one day per 1000 people, the sequence is i mod 1000. */
export function uniqueCitizenId(i: number): string {
  const d = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 1000) * 86400000);
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${ymd}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** A community sheet: `n` residents, 3 per household, 10 households per unit, 4 units per building. */
export function communityRows(n: number, seed = 7, offset = 0): SheetRow[] {
  const r = rng(seed);
  const out: SheetRow[] = [];
  for (let i = 0; i < n; i++) {
    const h = Math.floor(i / 3);
    const id = uniqueCitizenId(i + offset);
    out.push({
      grid: `第${1 + Math.floor(h / 400)}网格`,
      building: `${1 + Math.floor(h / 40)}号楼`,
      unit: `${1 + (Math.floor(h / 10) % 4)}单元`,
      room: `${1 + (h % 10)}0${1 + (h % 2)}`,
      name: SURNAMES[Math.floor(r() * SURNAMES.length)] + GIVEN[Math.floor(r() * GIVEN.length)] + GIVEN[Math.floor(r() * GIVEN.length)],
      relationToHead: i % 3 === 0 ? '户主' : i % 3 === 1 ? '配偶' : '子女',
      citizenId: id,
      ethnicity: '汉族',
      phone: `139${String(i).padStart(8, '0')}`,
      residenceType: h % 5 === 0 ? '租住' : '自有',
      residentType: h % 7 === 0 ? '流动人口' : '户籍居民',
      tags: h % 11 === 0 ? '党员户、楼长' : '',
      notes: '',
    });
  }
  return out;
}

const HEADERS = COLUMNS.map((c) => c.zh);
const cells = (row: SheetRow) => COLUMNS.map((c) => row[c.key] ?? '');

export function toCsv(rows: SheetRow[], headers = HEADERS): string {
  const q = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [headers.map(q).join(','), ...rows.map((r) => cells(r).map(q).join(','))].join('\r\n') + '\r\n';
}

export async function toXlsx(rows: SheetRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(cells(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let gbMap: Map<string, number[]> | null = null;
/**
 * GB18030 encoder for test files (iconv-lite is not installed): the reverse of Node's own decoder
 * over the two-byte GBK range, which holds every character these sheets use; ASCII stays one byte.
 */
export function encodeGb18030(text: string): Buffer {
  if (!gbMap) {
    gbMap = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(a, b));
        if (ch.length === 1 && ch !== '\ufffd' && !gbMap.has(ch)) gbMap.set(ch, [a, b]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbMap.get(ch);
      if (!bytes) throw new Error(`no GBK bytes for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
