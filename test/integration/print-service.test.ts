import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommunity } from '../helpers/community-generator';
import { pdfBarcodes, pdfPageCount, pdfText } from '../helpers/pdf-tools';
import { TestVault } from '../helpers/vault-fixture';

type Job = {
  id: string;
  state: string;
  done: number;
  total: number;
  error: { zh: string } | null;
  pdf: { dataBase64: string; pages: number; unprintable: { subject: string; chars: string[] }[] } | null;
};

/** Printing from the register: batch jobs with progress and cancel, building covers, boxes, labels. */
describe('print service over the register', () => {
  const v = new TestVault();
  const wait = async (id: string): Promise<Job> => {
    for (;;) {
      const j = await v.ok<Job>('admin', 'print.job', { id });
      if (j.state !== 'running') return j;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    await v.setup();
    await v.core.services.db.write((m) => generateCommunity(m, { households: 400, residentsPerHousehold: 1, recordsPerResident: 1, seed: 7 }));
    // Household h1 becomes discreet (重点户 is the discreet default tag).
    const [{ id }] = await v.core.services.db.manager.query("SELECT id FROM tags WHERE name = '重点户'");
    await v.core.services.db.manager.query('INSERT INTO household_tags (household_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING', ['h1', id]);
  }, 120_000);
  afterAll(() => v.destroy());

  it('prints a building (40 households) as one PDF: a page per cover, every 档号 as text, Code 128 and QR', async () => {
    const start = await v.ok<Job>('admin', 'print.startCovers', { scope: { kind: 'building', id: 'b0' }, options: {} });
    expect(start.total).toBe(40);
    const done = await wait(start.id);
    expect(done.state).toBe('done');
    const pdf = Buffer.from(done.pdf!.dataBase64, 'base64');
    expect(done.pdf!.pages).toBe(40);
    expect(pdfPageCount(pdf)).toBe(40);
    const text = pdfText(pdf);
    const nos: { archive_no: string }[] = await v.core.services.db.manager.query(
      "SELECT a.archive_no FROM archive_records a JOIN households h ON h.id = a.household_id JOIN units u ON u.id = h.unit_id WHERE u.building_id = 'b0'",
    );
    for (const n of nos) expect(text).toContain(n.archive_no);
    // Decode the first pages only (rendering 40 pages at 200 dpi is slow and proves nothing more).
    const first = pdfBarcodes(Buffer.from(pdf), 200, { first: 1, last: 2 });
    expect(first.length).toBe(4); // Code 128 + QR on each of the two pages
    expect(first.every((c) => nos.some((n) => n.archive_no === c))).toBe(true);
    // A handed-over result is gone: polling again says so.
    expect((await v.call('admin', 'print.job', { id: start.id })).ok).toBe(false);
  });

  it('a discreet household prints neither its head nor its tag names', async () => {
    const head: { name: string }[] = await v.core.services.db.manager.query(
      "SELECT r.name FROM residents r JOIN households h ON h.head_resident_id = r.id WHERE h.id = 'h1'",
    );
    const [rec] = await v.core.services.db.manager.query("SELECT id FROM archive_records WHERE household_id = 'h1'");
    // The generated title carries the name; a discreet household's file gets a neutral one.
    await v.core.services.db.manager.query("UPDATE archive_records SET title = '家庭情况档案' WHERE id = ?", [rec.id]);
    const j = await wait((await v.ok<Job>('admin', 'print.startCovers', { scope: { kind: 'records', ids: [rec.id] }, options: {} })).id);
    const text = pdfText(Buffer.from(j.pdf!.dataBase64, 'base64'));
    expect(text).not.toContain(head[0].name);
    expect(text).not.toContain('重点户');
  });

  it('cancel stops a grid batch and hands out no PDF', async () => {
    const start = await v.ok<Job>('admin', 'print.startCovers', { scope: { kind: 'grid', id: 'g0' }, options: {} });
    expect(start.total).toBe(400);
    await new Promise((r) => setTimeout(r, 100));
    const c = await v.ok<Job>('admin', 'print.cancel', { id: start.id });
    expect(c.state).toBe('cancelled');
    const after = await wait(start.id).catch(() => null);
    expect(after === null || (after.state === 'cancelled' && after.pdf === null)).toBe(true);
  });

  it('a rare character never stops the batch: it prints from a system font, or as 〓 with the cover reported', async () => {
    await v.core.services.db.manager.query(
      "UPDATE archive_records SET title = '𠮷𡒄祥档案' WHERE id = (SELECT id FROM archive_records WHERE household_id = 'h2')",
    );
    const [rec] = await v.core.services.db.manager.query("SELECT id, archive_no FROM archive_records WHERE household_id = 'h2'");
    const j = await wait((await v.ok<Job>('admin', 'print.startCovers', { scope: { kind: 'records', ids: [rec.id] }, options: {} })).id);
    expect(j.state).toBe('done');
    // 𠮷 comes from fonts-noto-cjk through fontconfig; U+21484 is in no installed font.
    expect(pdfText(Buffer.from(j.pdf!.dataBase64, 'base64'))).toContain('𠮷〓祥档案');
    expect(j.pdf!.unprintable).toEqual([{ subject: rec.archive_no, chars: ['𡒄'] }]);
  });

  it('building cover, box spine, labels and the calibration page are real PDFs with their texts', async () => {
    const bc = await v.ok<{ dataBase64: string }>('admin', 'print.buildingCover', { buildingId: 'b0', options: { colour: false } });
    const bt = pdfText(Buffer.from(bc.dataBase64, 'base64'));
    expect(bt).toContain('1号楼');
    const spine = await v.ok<{ dataBase64: string }>('admin', 'print.boxSpine', { locationId: 'loc-1', spineWidthMm: 40, options: {} });
    expect(pdfText(Buffer.from(spine.dataBase64, 'base64'))).toContain('SQ01');
    const [rec] = await v.core.services.db.manager.query('SELECT id, archive_no FROM archive_records LIMIT 1');
    const labels = await v.ok<{ dataBase64: string }>('admin', 'print.labels', { recordIds: [rec.id], options: {} });
    expect(pdfText(Buffer.from(labels.dataBase64, 'base64'))).toContain(rec.archive_no);
    const cal = await v.ok<{ pages: number }>('admin', 'print.calibration', { options: { offsetXmm: 1.5, offsetYmm: -2 } });
    expect(cal.pages).toBe(1);
    // Labels on a partly used 3 × 7 sheet: the choice reaches the layout and the audit entry.
    const l37 = await v.ok<{ dataBase64: string; pages: number }>('admin', 'print.labels', { recordIds: [rec.id], sheet: '3x7', startAt: 21, options: {} });
    expect(l37.pages).toBe(1);
    const bad = await v.call('admin', 'print.labels', { recordIds: [rec.id], sheet: '3x7', startAt: 22, options: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const log = await v.ok<{ action: string }[]>('admin', 'audit.list', { action: 'print.', limit: 50 });
    expect(new Set(log.map((e) => e.action))).toEqual(new Set(['print.covers', 'print.buildingCover', 'print.boxSpine', 'print.labels', 'print.calibration']));
  });

  it('refuses the spine of a box that mixes years or retention periods, naming the odd records', async () => {
    const m = v.core.services.db.manager;
    const [a, b] = await m.query("SELECT id, archive_no FROM archive_records WHERE location_id = 'loc-1' ORDER BY archive_no LIMIT 2");
    await m.query('UPDATE archive_records SET year = 2021 WHERE id = ?', [a.id]);
    await m.query("UPDATE archive_records SET retention_class = 'Y' WHERE id = ?", [b.id]);
    try {
      const r = await v.call('admin', 'print.boxSpine', { locationId: 'loc-1', spineWidthMm: 40, options: {} });
      expect(r.ok).toBe(false);
      const e = (r as { error: { code: string; zh: string; en: string } }).error;
      expect(e.code).toBe('CONFLICT');
      expect(e.zh).toContain(`2021年·定期30年：${a.archive_no}（1件）`);
      expect(e.zh).toContain(`2020年·永久：${b.archive_no}（1件）`);
      expect(e.en).toContain(a.archive_no);
      expect(e.en).toMatch(/one year and one retention period/);
    } finally {
      await m.query("UPDATE archive_records SET year = 2020, retention_class = 'D30' WHERE id IN (?, ?)", [a.id, b.id]);
    }
    expect((await v.call('admin', 'print.boxSpine', { locationId: 'loc-1', spineWidthMm: 40, options: {} })).ok).toBe(true);
  });
});
