import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalReportPdf } from '../../electron/print/appraisal-report.pdf';
import { destructionCertificatePdf } from '../../electron/print/destruction-certificate.pdf';
import { destructionRegisterPdf } from '../../electron/print/destruction-register.pdf';
import { splitForWrap } from '../../electron/print/react-pdf-fonts';
import {
  destructionTotals,
  type AppraisalReportData,
  type DestroyedRecord,
  type DestructionCertificateData,
  type DestructionRegisterData,
  type DestructionRegisterRow,
} from '../../shared/domain/destruction-types';
import { REGISTER_HEAD } from '../fixtures/print-docs';

const dir = mkdtempSync(join(tmpdir(), 'destruction-pdfs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(buf: Buffer, name: string, page?: number): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, buf);
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}
function pageCount(buf: Buffer, name: string): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, buf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}
const squash = (s: string) => s.replace(/\s+/g, '');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// 60 rows: 58 single items and 2 volumes of 10 items; pages cycle 3,4,5,2 → 210 pages in all.
const rows: DestructionRegisterRow[] = Array.from({ length: 60 }, (_, k) => {
  const i = k + 1;
  const volume = i % 30 === 0;
  return {
    archiveNo: `XF-${2010 + (i % 5)}-D10-${String(i).padStart(4, '0')}`,
    title: i % 9 === 0 ? `幸福社区第${i}网格居民低保申请、复核、公示及停保材料汇编（含家庭收入核对表）` : `居民${i}号户基本信息表`,
    yearOrRange: volume ? '2012-03-01—2014-11-30' : String(2010 + (i % 5)),
    term: i % 11 === 0 ? { cls: 'CUSTOM', years: 15 } : { cls: 'D10' },
    yearsKept: 11 + (i % 5),
    unit: volume ? 'volume' : 'item',
    items: volume ? 10 : 1,
    pages: 2 + (i % 4),
    sensitivity: i % 3 === 0 ? 'sensitive' : 'internal',
    reason: '保管期限已满，经鉴定无继续保存价值',
    remarks: i % 7 === 0 ? '含电子副本' : undefined,
  };
});

const register: DestructionRegisterData = { ...REGISTER_HEAD, rows };

const hex = (seed: string) => createHash('sha256').update(seed).digest('hex');
// Rows 7, 14, 21 had electronic copies; every other one was paper only.
const destroyed: DestroyedRecord[] = rows.map((r, k) => ({
  archiveNo: r.archiveNo,
  title: r.title,
  carrier: [7, 14, 21].includes(k + 1) ? 'both' : 'paper',
  unit: r.unit,
  items: r.items,
  pages: r.pages,
  files: [7, 14, 21].includes(k + 1) ? 1 : 0,
}));

describe('destruction register and certificate PDFs', () => {
  let reg: Buffer;
  let regPages: number;
  let cert: Buffer;
  beforeAll(async () => {
    reg = await destructionRegisterPdf(register);
    regPages = pageCount(reg, 'register');
    const certData: DestructionCertificateData = {
      communityName: register.communityName,
      registerNo: register.registerNo,
      totals: destructionTotals(rows),
      records: destroyed,
      supervisors: register.supervisors,
      execution: register.execution,
      approval: register.approval,
      electronic: [7, 14, 21].map((i) => ({
        archiveNo: rows[i - 1].archiveNo,
        fileName: `scan-${i}.pdf`,
        sha256: hex(`file ${i}`),
        keyId: `key-${String(i).padStart(8, '0')}-a1b2`,
      })),
      registerSha256: sha256(reg),
      printedAt: '2026-06-18 10:05',
    };
    cert = await destructionCertificatePdf(certData);
  });

  it('totals are 2 卷 78 件 210 页', () => {
    expect(destructionTotals(rows)).toEqual({ rows: 60, volumes: 2, items: 78, pages: 210 });
  });

  it('the register spans a cover and at least three table pages', () => {
    expect(regPages).toBeGreaterThanOrEqual(4);
  });

  it('contains every 档号 exactly once, the totals and the cover fields', () => {
    const text = pdfText(reg, 'register');
    for (const r of rows) expect(text.split(r.archiveNo).length - 1, r.archiveNo).toBe(1);
    const flat = squash(text);
    expect(flat).toContain('共计2卷78件210页');
    for (const s of [
      'XH-2026-001',
      '幸福社区居民委员会',
      '王鉴定',
      '李主任',
      '同意按清册销毁',
      '赵监销',
      '钱监销',
      '2026-06-1809:30',
      '社区档案室',
      '粉碎',
      '定期15年',
      '敏感',
    ]) {
      expect(flat).toContain(squash(s));
    }
  });

  it('numbers pages "第 X 页 共 Y 页" on every page', () => {
    for (let p = 1; p <= regPages; p++) {
      expect(pdfText(reg, 'register', p).replace(/\s+/g, ' ')).toContain(`第 ${p} 页 共 ${regPages} 页`);
    }
  });

  it('repeats the table header on every table page, page 2 included', () => {
    expect(pdfText(reg, 'register', 1)).not.toContain('销毁原因'); // the cover has no table
    for (let p = 2; p <= regPages; p++) {
      const flat = squash(pdfText(reg, 'register', p));
      for (const h of ['序号', '档号', '题名', '年度/起止日期', '保管期限', '已保管年数', '页数/件数', '密级', '销毁原因', '备注'])
        expect(flat, `page ${p}`).toContain(h);
    }
  });

  it('continues the rows on page 3 (so the header there is a repeat, not the first one)', () => {
    const p3 = pdfText(reg, 'register', 3);
    expect(rows.some((r) => p3.includes(r.archiveNo))).toBe(true);
    expect(p3).not.toContain(rows[0].archiveNo);
  });

  it('renders the same bytes for the same data, so the printed hash stays checkable', async () => {
    expect(sha256(await destructionRegisterPdf(register))).toBe(sha256(reg));
  });

  it('certificate carries the SHA-256 of the register bytes, totals, supervisors and key IDs', () => {
    const text = pdfText(cert, 'certificate');
    expect(text).toContain(sha256(reg));
    const flat = squash(text);
    expect(flat).toContain('共计2卷78件210页');
    for (const s of ['XH-2026-001', '赵监销', '钱监销', '删除电子文件并销毁密钥', '社区档案室', '特此证明']) expect(flat).toContain(s);
    for (const i of [7, 14, 21]) {
      expect(text).toContain(hex(`file ${i}`));
      expect(text).toContain(`key-${String(i).padStart(8, '0')}-a1b2`);
      expect(text).toContain(rows[i - 1].archiveNo);
    }
  });

  it('certificate lists every destroyed 档号, paper-only ones too, once each', () => {
    const text = pdfText(cert, 'certificate');
    for (const r of rows) expect(text.split(r.archiveNo).length - 1, r.archiveNo).toBeGreaterThanOrEqual(1);
    const paperOnly = destroyed.filter((r) => r.carrier === 'paper');
    expect(paperOnly.length).toBe(57);
    for (const r of paperOnly) expect(text.split(r.archiveNo).length - 1, r.archiveNo).toBe(1);
    expect(squash(text)).toContain('销毁档案目录（60条，共计2卷78件210页）');
  });

  it('refuses a certificate whose listed records do not add up to its totals', async () => {
    const base = {
      communityName: 'c',
      registerNo: 'r',
      totals: destructionTotals(rows),
      records: destroyed,
      supervisors: register.supervisors,
      execution: register.execution,
      approval: register.approval,
      electronic: [],
      registerSha256: hex('x'),
      printedAt: 'x',
    };
    await expect(destructionCertificatePdf({ ...base, records: destroyed.slice(1) })).rejects.toThrow(/add up/);
    await expect(destructionCertificatePdf({ ...base, records: destroyed.map((r, i) => (i ? r : { ...r, pages: r.pages + 1 })) })).rejects.toThrow(/add up/);
    await expect(destructionCertificatePdf({ ...base, electronic: [{ archiveNo: 'XF-9999', fileName: 'f', sha256: hex('f'), keyId: 'k' }] })).rejects.toThrow(
      /not listed/,
    );
  });

  it('the certificate hash no longer matches a changed register', async () => {
    const changed = await destructionRegisterPdf({ ...register, rows: rows.slice(1) });
    expect(pdfText(cert, 'certificate')).not.toContain(sha256(changed));
  });

  it('refuses a register or certificate with fewer than two supervisors', async () => {
    await expect(destructionRegisterPdf({ ...register, supervisors: [register.supervisors[0]] })).rejects.toThrow(/两名监销人/);
    await expect(destructionRegisterPdf({ ...register, supervisors: [register.supervisors[0], { name: ' ', date: '2026-06-18' }] })).rejects.toThrow(
      /supervisors/,
    );
  });

  it('refuses a malformed register hash', async () => {
    const base: DestructionCertificateData = {
      communityName: 'c',
      registerNo: 'r',
      totals: destructionTotals([]),
      records: [],
      supervisors: register.supervisors,
      execution: register.execution,
      approval: register.approval,
      electronic: [],
      registerSha256: 'abc',
      printedAt: 'x',
    };
    await expect(destructionCertificatePdf(base)).rejects.toThrow(/SHA-256/);
    await expect(destructionCertificatePdf({ ...base, registerSha256: hex('x').toUpperCase() })).rejects.toThrow(/SHA-256/);
  });
});

describe('appraisal report PDF', () => {
  const report: AppraisalReportData = {
    communityName: '幸福社区居民委员会',
    batchNo: 'JD-2026-01',
    purpose: '对 2015 年及以前到期的定期档案进行鉴定',
    scope: '户籍居民档案、服务办理档案，年度 2005–2015',
    members: [{ name: '王鉴定', role: '组长' }, { name: '孙委员' }, { name: '周档案员' }],
    lead: { name: '王鉴定', date: '2026-05-10' },
    items: Array.from({ length: 45 }, (_, k) => ({
      archiveNo: `XF-2014-D10-${String(k + 1).padStart(4, '0')}`,
      title: `居民${k + 1}号户服务办理材料`,
      year: '2014',
      originalTerm: { cls: 'D10' as const },
      startDate: '2015-01-01',
      dueDate: '2025-01-01',
      yearsKept: 11,
      decision: k % 5 === 0 ? { kind: 'extend' as const, toYears: 30 } : k % 5 === 1 ? { kind: 'keep' as const } : { kind: 'destroy' as const },
      reason: k % 5 === 0 ? '涉及房屋产权，仍有查考价值' : '无继续保存价值',
      appraiser: '孙委员',
      date: '2026-05-08',
      reviewer: '王鉴定',
    })),
    printedAt: '2026-05-10 16:00',
  };

  it('lists every item with its decision, the summary and repeats the header', async () => {
    const pdf = await appraisalReportPdf(report);
    const text = pdfText(pdf, 'report');
    for (const i of report.items) expect(text).toContain(i.archiveNo);
    const flat = squash(text);
    for (const s of ['JD-2026-01', '延长至30年', '继续保存', '销毁', '组长', '共鉴定45件：继续保存9件，延长保管期限9件，销毁27件']) expect(flat).toContain(s);
    const pages = pageCount(pdf, 'report');
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 2; p <= pages; p++) {
      const flatP = squash(pdfText(pdf, 'report', p));
      for (const h of ['档号', '原保管期限', '起算日期', '到期日期', '已保管年数', '鉴定意见', '复核人']) expect(flatP, `page ${p}`).toContain(h);
      expect(pdfText(pdf, 'report', p).replace(/\s+/g, ' ')).toContain(`第 ${p} 页 共 ${pages} 页`);
    }
  });
});

describe('rare characters in react-pdf documents', () => {
  it('print from the system fallback font (fontconfig); a character in no font prints as 〓', async () => {
    const rareRows = [{ ...rows[0], title: '𠮷𡒄家基本信息表' }, ...rows.slice(1, 3)];
    const pdf = await destructionRegisterPdf({ ...register, rows: rareRows, supervisors: [{ name: '𠮷监销', date: '2026-06-18' }, register.supervisors[1]] });
    const flat = squash(pdfText(pdf, 'rare'));
    expect(flat).toContain('𠮷〓家基本信息表');
    expect(flat).toContain('𠮷监销');
    const file = join(dir, 'rare.pdf');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toContain('NotoSansSC-Regular');
    expect(fonts).toMatch(/NotoSansCJK(sc|jp|tc|kr|hk)-Regular/);
  });
});

describe('CJK wrapping', () => {
  it.each<[string, string[]]>([
    ['hello', ['hello']],
    ['XF-2014-D10-0001', ['XF-2014-D10-0001']],
    ['档案', ['档', '', '案']],
    ['第1页', ['第', '', '1', '', '页']],
    ['期满，无价值。', ['期', '', '满，', '', '无', '', '价', '', '值。']],
    ['𠮷野家', ['𠮷', '', '野', '', '家']],
    ['含XF-01号', ['含', '', 'XF-01', '', '号']],
    ['2012-03-01—2014-11-30', ['2012-03-01—', '', '2014-11-30']],
    ['第1卷2012-03-01—2014-11-30', ['第', '', '1', '', '卷', '', '2012-03-01—', '', '2014-11-30']],
  ])('%j → %j', (word, want) => {
    expect(splitForWrap(word)).toEqual(want);
  });
});
