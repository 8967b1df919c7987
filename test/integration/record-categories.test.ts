import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryRow } from '../../shared/contract/categories.contract';
import { annualTables } from '../../shared/domain/annual-report';
import type { AppErrorShape } from '../../shared/errors';
import { LISTS } from '../../electron/export/lists';
import { ADMIN, TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

type Rec = { id: string; archiveNo: string; title: string; contentCategory: string; version: number };
type Entry = { actor: string; action: string; subject: string | null; details: string };

/**
 * The category register (设置 → 档案分类, issue #19 item 5) on a fresh archive, through the same
 * dispatch as the app: a class of its own with its own 档号 pattern, records filed in it and in a
 * default class, the filter by a parent node, deactivation, refused deletion, the audit trail, and
 * the names in exports, the dashboard and the annual report. Runs on both engines.
 */
describe('record categories', () => {
  const v = new TestVault();
  let locationId = '';
  const year = 2026;
  const record = (title: string, contentCategory: string, extra: Record<string, unknown> = {}) =>
    v.call('keeper', 'records.create', {
      title,
      residentClass: 'registered',
      contentCategory,
      carrier: 'paper',
      pages: 2,
      year,
      sensitivity: 'internal',
      retentionClass: 'D30',
      locationId,
      ...extra,
    });
  const created = async (title: string, category: string) => {
    const r = await record(title, category);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as Rec;
  };
  const refusal = async (p: ReturnType<TestVault['call']>): Promise<AppErrorShape> => {
    const r = await p;
    expect(r.ok).toBe(false);
    return (r as { error: AppErrorShape }).error;
  };
  const list = (contentCategory: string) =>
    v.ok<{ rows: Rec[]; total: number }>('keeper', 'records.list', { contentCategory, limit: 100 }).then((r) => r.rows.map((x) => x.title).sort());
  const categories = () => v.ok<CategoryRow[]>('admin', 'categories.list', { withCounts: true });
  const audit = (action: string) => v.ok<Entry[]>('admin', 'audit.list', { action, limit: 50 });

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'keeper');
    locationId = (await v.ok<{ id: string }>('admin', 'locations.save', { room: '档案室', cabinet: '1', shelf: '1', box: '1' })).id;
  });
  afterAll(() => v.destroy());

  it('a fresh archive has the default tree, seeded once by the system and audited', async () => {
    const rows = await categories();
    expect(rows.map((r) => [r.code, r.parentCode, r.nameZh, r.active, r.records])).toEqual([
      ['resident', null, '居民档案', true, 0],
      ['basic', 'resident', '基本信息', true, 0],
      ['living', 'resident', '生活状况', true, 0],
      ['social', 'resident', '社会活动', true, 0],
      ['complaint', 'resident', '投诉建议', true, 0],
      ['service', 'resident', '服务办理', true, 0],
    ]);
    // A keeper reads it (the forms need it) but cannot change it.
    expect((await v.ok<CategoryRow[]>('keeper', 'categories.list', {})).map((r) => r.code)).toContain('living');
    expect((await refusal(v.call('keeper', 'categories.save', { code: 'WS', nameZh: '文书档案' }))).code).toBe('FORBIDDEN');
    const seeded = await audit('category.seedDefaults');
    expect(seeded).toHaveLength(1);
    expect(seeded[0].actor).toBe('system');
  });

  it('a bad 档号 pattern is refused at the field, in Chinese and English', async () => {
    const e = await refusal(v.call('admin', 'categories.save', { code: 'WS', nameZh: '文书档案', pattern: 'WS-{年}-{件号:3}' }));
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toContainEqual({ path: 'pattern', zh: '未知的字段 {年}', en: 'Unknown field {年}' });
    const noSeq = await refusal(v.call('admin', 'categories.save', { code: 'WS', nameZh: '文书档案', pattern: 'WS-{年度}' }));
    expect(noSeq.fields?.[0]).toMatchObject({ path: 'pattern', zh: '档号规则须含且只含一个 {件号:N} 或 {序号:N}' });
    const badCode = await refusal(v.call('admin', 'categories.save', { code: 'W S', nameZh: '文书档案' }));
    expect(badCode.fields?.[0]).toMatchObject({ path: 'code', en: 'Category codes use letters, digits, - _ only' });
  });

  it('文书档案 numbers its records by its own pattern; a default class keeps the archive-wide one', async () => {
    const ws = await v.ok<CategoryRow>('admin', 'categories.save', {
      code: 'WS',
      nameZh: '文书档案',
      nameEn: 'Official documents',
      parentCode: null,
      pattern: 'WS-{年度}-{件号:3}',
    });
    expect(ws).toMatchObject({ code: 'WS', order: 2, active: true });
    expect((await v.ok<{ archiveNo: string }>('keeper', 'records.nextNumber', { year, retentionClass: 'D30', contentCategory: 'WS' })).archiveNo).toBe(
      'WS-2026-001',
    );
    expect((await created('2026年社区工作计划', 'WS')).archiveNo).toBe('WS-2026-001');
    expect((await created('2026年第一次居民会议通知', 'WS')).archiveNo).toBe('WS-2026-002');
    // The archive-wide pattern {全宗号}-{年度}-{保管期限}-{件号:4} for 生活状况, its own sequence.
    expect((await created('王某某生活状况档案', 'living')).archiveNo).toBe('SQ01-2026-D30-0001');
    expect((await created('李某某生活状况档案', 'living')).archiveNo).toBe('SQ01-2026-D30-0002');
  });

  it('sub-classes inherit the pattern and continue its sequence; {类别} prints the code; a grouping node cannot be chosen', async () => {
    await v.ok('admin', 'categories.save', { code: 'TZ', nameZh: '通知', nameEn: 'Notices', parentCode: 'WS' });
    await v.ok('admin', 'categories.save', { code: 'HY', nameZh: '会议记录', nameEn: 'Minutes', parentCode: 'WS', pattern: '{类别}-{年度}-{件号:2}' });
    expect((await created('关于垃圾分类的通知', 'TZ')).archiveNo).toBe('WS-2026-003');
    expect((await created('居民议事会会议记录', 'HY')).archiveNo).toBe('HY-2026-01');
    // 文书档案 now only groups: new records go below it; the two filed before keep it and stay editable.
    const e = await refusal(record('另一份计划', 'WS'));
    expect(e.fields).toEqual([
      { path: 'contentCategory', zh: '请选择最下一级的档案分类', en: 'Choose a category at the lowest level (one without sub-categories)' },
    ]);
    const [plan] = (await v.ok<{ rows: Rec[] }>('keeper', 'records.list', { text: '工作计划', limit: 5 })).rows;
    const full = await v.ok<Record<string, unknown>>('keeper', 'records.get', { id: plan.id });
    const edited = await v.ok<Rec>('keeper', 'records.update', { ...full, title: '2026年社区工作计划（修订）' });
    expect(edited).toMatchObject({ contentCategory: 'WS', archiveNo: 'WS-2026-001' });
    // A third level is the last: nothing goes under 会议记录's children.
    await v.ok('admin', 'categories.save', { code: 'HY-JY', nameZh: '会议纪要', parentCode: 'HY' });
    const deep = await refusal(v.call('admin', 'categories.save', { code: 'HY-JY-X', nameZh: '太深', parentCode: 'HY-JY' }));
    expect(deep.fields?.[0]).toMatchObject({ path: 'parentCode', zh: '分类最多 3 级' });
  });

  it('filtering by a node lists the records of it and everything below it', async () => {
    expect(await list('WS')).toEqual(['2026年社区工作计划（修订）', '2026年第一次居民会议通知', '关于垃圾分类的通知', '居民议事会会议记录'].sort());
    expect(await list('HY')).toEqual(['居民议事会会议记录']);
    expect(await list('resident')).toEqual(['李某某生活状况档案', '王某某生活状况档案'].sort());
    expect(await list('living')).toEqual(['李某某生活状况档案', '王某某生活状况档案'].sort());
    expect(await list('basic')).toEqual([]);
    // The retention due list (鉴定 screen) filters the same way.
    const due = (contentCategory: string) =>
      v
        .ok<{ rows: { title: string }[] }>('keeper', 'retention.dueList', { contentCategory, buckets: ['later'], limit: 100 })
        .then((r) => r.rows.map((x) => x.title).sort());
    expect(await due('WS')).toEqual(await list('WS'));
    expect(await due('HY')).toEqual(['居民议事会会议记录']);
    expect(await due('resident')).toEqual(['李某某生活状况档案', '王某某生活状况档案'].sort());
  });

  it('a category in use cannot be deleted or recoded, only deactivated; an unused one can be', async () => {
    const del = await refusal(v.call('admin', 'categories.remove', { code: 'TZ' }));
    expect(del).toMatchObject({ code: 'CONFLICT', zh: '分类“通知”已有 1 件档案，不能删除；可以停用它：停用后不能再选用，已有档案保留此分类。' });
    expect((await refusal(v.call('admin', 'categories.remove', { code: 'WS' }))).zh).toBe('分类“文书档案”下还有下级分类，请先删除或移走它们。');
    const recode = await refusal(v.call('admin', 'categories.save', { previousCode: 'TZ', code: 'TZ2', nameZh: '通知', parentCode: 'WS' }));
    expect(recode.fields?.[0]).toMatchObject({ path: 'code', zh: '已有 1 件档案使用分类代码 TZ，代码不能再改（名称可以改）' });

    // Deactivated: no longer offered for new records; the one filed stays there and in the lists.
    await v.ok('admin', 'categories.save', { previousCode: 'TZ', code: 'TZ', nameZh: '通知（旧）', nameEn: 'Notices (old)', parentCode: 'WS', active: false });
    const off = await refusal(record('又一份通知', 'TZ'));
    expect(off.fields?.[0]).toMatchObject({ path: 'contentCategory', zh: '档案分类“通知（旧）”已停用' });
    expect(await list('TZ')).toEqual(['关于垃圾分类的通知']);

    // Unused: its code may change, and it may be deleted (its child moves along with the new code).
    await v.ok('admin', 'categories.save', { previousCode: 'HY-JY', code: 'JY', nameZh: '会议纪要', parentCode: 'HY' });
    const rows = await categories();
    expect(rows.find((r) => r.code === 'JY')).toMatchObject({ parentCode: 'HY', records: 0 });
    expect(rows.find((r) => r.code === 'HY-JY')).toBeUndefined();
    expect(rows.find((r) => r.code === 'TZ')).toMatchObject({ active: false, records: 1, nameZh: '通知（旧）' });
    await v.ok('admin', 'categories.remove', { code: 'JY' });
    expect((await categories()).map((r) => r.code)).not.toContain('JY');
  });

  it('siblings are reordered as a whole; every change is in the audit trail', async () => {
    await v.ok('admin', 'categories.reorder', { parentCode: null, codes: ['WS', 'resident'] });
    expect((await categories()).filter((r) => !r.parentCode).map((r) => r.code)).toEqual(['WS', 'resident']);
    expect((await refusal(v.call('admin', 'categories.reorder', { parentCode: null, codes: ['WS'] }))).code).toBe('CONFLICT');

    const creates = await audit('category.create');
    expect(creates.map((e) => e.subject).sort()).toEqual(['category:HY', 'category:HY-JY', 'category:TZ', 'category:WS'].sort());
    expect(JSON.parse(creates.find((e) => e.subject === 'category:WS')!.details)).toMatchObject({ before: null, after: { pattern: 'WS-{年度}-{件号:3}' } });
    const updates = await audit('category.update');
    const off = updates.find((e) => e.subject === 'category:TZ')!;
    expect(JSON.parse(off.details)).toMatchObject({ before: { active: true, nameZh: '通知' }, after: { active: false, nameZh: '通知（旧）' } });
    expect(updates.some((e) => e.subject === 'category:JY')).toBe(true);
    expect((await audit('category.delete')).map((e) => e.subject)).toEqual(['category:JY']);
    expect(JSON.parse((await audit('category.reorder'))[0].details)).toEqual({ before: ['resident', 'WS'], after: ['WS', 'resident'] });
    expect(await v.ok('admin', 'audit.list', { action: 'category.', limit: 1 })).toHaveLength(1);
    expect((await v.core.services.audit.verify()).ok).toBe(true);
  });

  it('exports, the dashboard and the annual report name the categories as configured', async () => {
    const m = v.core.services.db.manager;
    const q = { filters: { contentCategory: 'WS' }, roster: {}, today: '2026-06-01' } as Parameters<(typeof LISTS)['records']['page']>[1];
    const rows = await LISTS.records.page(m, q, 0, 100);
    expect(rows.map((r) => [r[1], r[2]]).sort()).toEqual(
      [
        ['2026年社区工作计划（修订）', '文书档案'],
        ['2026年第一次居民会议通知', '文书档案'],
        ['关于垃圾分类的通知', '通知（旧）'],
        ['居民议事会会议记录', '会议记录'],
      ].sort(),
    );
    if (TEST_ENGINE === 'sqlcipher') {
      const d = await v.ok<{ recordsByCategory: { key: string; label: string; labelEn?: string; count: number }[] }>('keeper', 'dashboard.get');
      expect(d.recordsByCategory).toContainEqual({ key: 'WS', label: '文书档案', labelEn: 'Official documents', count: 2 });
      expect(d.recordsByCategory).toContainEqual({ key: 'living', label: '生活状况', labelEn: 'Living conditions', count: 2 });
      const report = await v.core.services.annualReport.data(year);
      const table = annualTables(report).find((t) => t.id === 'records')!;
      const names = table.rows.map((r) => r[0]);
      // The register's order (文书档案 first now); grouping nodes only when they hold records themselves.
      expect(names).toEqual(['文书档案', '通知（旧）', '会议记录', '基本信息', '生活状况', '社会活动', '投诉建议', '服务办理']);
    }
  });
});

/** An archive made before the register: its records keep their categories, an unknown code becomes a class of its own. */
describe('migration 0020 on an older archive', () => {
  it('seeds the defaults once and keeps every record listed under a category', async () => {
    let v = new TestVault();
    await v.setup();
    const m = () => v.core.services.db.manager;
    const loc = (await v.ok<{ id: string }>('admin', 'locations.save', { room: '档案室', cabinet: '2', shelf: '1', box: '1' })).id;
    const base = { residentClass: 'registered', carrier: 'paper', pages: 1, year: 2020, sensitivity: 'internal', retentionClass: 'Y', locationId: loc };
    await v.ok('admin', 'records.create', { ...base, title: '旧档案一', contentCategory: 'complaint' });
    const old = await v.ok<Rec>('admin', 'records.create', { ...base, title: '旧档案二', contentCategory: 'basic' });
    // As before the register: no table, and one record under a code from some older import.
    await m().query("UPDATE archive_records SET content_category = 'legacy' WHERE id = ?", [old.id]);
    await m().query('DROP INDEX idx_records_category');
    await m().query('DROP TABLE record_categories');
    await m().query("DELETE FROM migrations WHERE name IN ('RecordCategories1700000000020', 'PgRecordCategories1800000000006')");
    const dir = v.dataDir;
    await v.close();
    v = new TestVault(dir);
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    const rows = await v.ok<CategoryRow[]>('admin', 'categories.list', { withCounts: true });
    expect(rows.find((r) => r.code === 'complaint')).toMatchObject({ parentCode: 'resident', records: 1 });
    expect(rows.find((r) => r.code === 'legacy')).toMatchObject({ parentCode: null, nameZh: 'legacy', active: true, records: 1 });
    const titles = async (contentCategory: string) =>
      (await v.ok<{ rows: Rec[] }>('admin', 'records.list', { contentCategory, limit: 10 })).rows.map((r) => r.title);
    expect(await titles('resident')).toEqual(['旧档案一']);
    expect(await titles('legacy')).toEqual(['旧档案二']);
    const seeded: Entry[] = await m().query("SELECT actor, details FROM audit_log WHERE action = 'category.seedDefaults' ORDER BY seq");
    expect(seeded).toHaveLength(2);
    expect(JSON.parse(seeded[1].details)).toMatchObject({ fromRecords: ['legacy'] });
    expect((await v.core.services.audit.verify()).ok).toBe(true);
    await v.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
