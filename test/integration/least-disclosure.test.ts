import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDigit } from '../../shared/domain/citizen-id';
import { TestVault } from '../helpers/vault-fixture';

type Household = { id: string; room: string; headName: string | null; memberCount: number; tagIds: string[]; note: string | null; shielded?: boolean };
type Resident = { id: string; name: string };
type Record_ = { id: string; archiveNo: string; title: string; residentName: string | null; shielded?: boolean };
type Hit = { kind: string; id: string; title: string; subtitle: string };
type AuditRow = { seq: number; actor: string; action: string; subject: string | null; details: string };

const ID17 = '11010519850302123';
const CITIZEN_ID = ID17 + checkDigit(ID17);
const PHONE = '13912345678';
const NEW_PHONE = '13787654321';
const HEALTH = '艾滋病随访';
const SUBSISTENCE = '城市低保A类';
const NAME = '钱敏感';
const TITLE = '钱敏感低保复核材料';
const FILE = '钱敏感身份证扫描.pdf';

/**
 * 最少披露 (#14 item 3), as a clerk and an auditor would meet it: a discreet household's members,
 * titles and file names stay out of a clerk's lists and searches until a keeper approves; the
 * auditor's views and exports hold no personal value of a known resident; search text is matched,
 * not stored.
 */
describe('least disclosure', () => {
  const v = new TestVault();
  let household = '';
  let plainHousehold = '';
  let residentId = '';
  let record: Record_;
  let keyTag = '';

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'keeper');
    await v.userWithRole('clerk', 'clerk');
    await v.userWithRole('auditor', 'auditor');
    await v.ok('admin', 'settings.update', { idleMinutes: 240 });
    keyTag = (await v.ok<{ id: string; name: string }[]>('admin', 'tags.list')).find((t) => t.name === '重点户')!.id;
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '3号楼', code: 'B03' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '2单元', code: 'U2' });
    household = (
      await v.ok<{ household: { id: string } }>('keeper', 'households.create', {
        unitId: u.id,
        room: '301',
        residenceType: 'rented',
        tagIds: [keyTag],
        note: '家属精神障碍',
      })
    ).household.id;
    plainHousehold = (await v.ok<{ household: { id: string } }>('keeper', 'households.create', { unitId: u.id, room: '302', residenceType: 'own', tagIds: [] }))
      .household.id;
    residentId = (
      await v.ok<{ resident: Resident }>('keeper', 'residents.create', {
        householdId: household,
        name: NAME,
        residentType: 'registered',
        citizenId: CITIZEN_ID,
        phone: PHONE,
        health: HEALTH,
        subsistence: SUBSISTENCE,
        relationToHead: '户主',
      })
    ).resident.id;
    await v.ok('keeper', 'households.update', {
      id: household,
      unitId: u.id,
      room: '301',
      residenceType: 'rented',
      tagIds: [keyTag],
      note: '家属精神障碍',
      headResidentId: residentId,
    });
    await v.ok('keeper', 'residents.update', {
      id: residentId,
      householdId: household,
      name: NAME,
      residentType: 'registered',
      citizenId: CITIZEN_ID,
      phone: NEW_PHONE,
      health: HEALTH,
      subsistence: SUBSISTENCE,
      relationToHead: '户主',
    });
    await v.ok('keeper', 'residents.create', { householdId: plainHousehold, name: '孙普通', residentType: 'registered' });
    record = await v.ok<Record_>('keeper', 'records.create', {
      title: TITLE,
      householdId: household,
      residentId,
      residentClass: 'special',
      contentCategory: 'living',
      carrier: 'electronic',
      pages: 3,
      year: 2025,
      sensitivity: 'internal',
      retentionClass: 'D30',
    });
    await v.ok('keeper', 'attachments.add', {
      recordId: record.id,
      fileName: FILE,
      mime: 'application/pdf',
      dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
    });
  });
  afterAll(() => v.destroy());

  const clerkSees = async () => {
    const households = (await v.ok<{ rows: Household[] }>('clerk', 'households.list', { offset: 0, limit: 100 })).rows;
    const members = (await v.ok<{ rows: Resident[] }>('clerk', 'residents.list', { householdId: household, offset: 0, limit: 100 })).rows;
    const byTag = (await v.ok<{ rows: Resident[] }>('clerk', 'residents.list', { tagId: keyTag, offset: 0, limit: 100 })).rows;
    const householdsByTag = (await v.ok<{ rows: Household[] }>('clerk', 'households.list', { tagId: keyTag, offset: 0, limit: 100 })).rows;
    const records = (await v.ok<{ rows: Record_[] }>('clerk', 'records.list', { offset: 0, limit: 100 })).rows;
    const recordsByTitle = (await v.ok<{ rows: Record_[] }>('clerk', 'records.list', { text: '低保复核', offset: 0, limit: 100 })).rows;
    const hits: Hit[] = [];
    for (const q of [NAME, CITIZEN_ID, NEW_PHONE, 'qianmin', 'qmg', '低保复核', '3号楼'])
      hits.push(...(await v.ok<Hit[]>('clerk', 'search.query', { q, limit: 50 })));
    const byNo = await v.ok<Hit[]>('clerk', 'search.query', { q: record.archiveNo, limit: 50 });
    const one = await v.ok<Record_>('clerk', 'records.get', { id: record.id });
    const files = await v.ok<{ fileName: string }[]>('clerk', 'attachments.list', { recordId: record.id });
    return { households, members, byTag, householdsByTag, records, recordsByTitle, hits, byNo, one, files };
  };

  it('a clerk sees the discreet household only as a room to ask about: no members, head, tags, titles or file names', async () => {
    const s = await clerkSees();
    const h = s.households.find((x) => x.id === household)!;
    expect(h).toMatchObject({ room: '301', shielded: true, headName: null, memberCount: 0, tagIds: [], note: null });
    expect(s.households.find((x) => x.id === plainHousehold)).toMatchObject({ memberCount: 1 });
    expect(s.householdsByTag).toEqual([]);
    expect(s.members).toEqual([]);
    expect(s.byTag).toEqual([]);
    expect(s.hits.filter((x) => x.kind !== 'household' || x.id === household).map((x) => x.id)).not.toContain(residentId);
    expect(JSON.stringify(s.hits)).not.toContain(NAME);
    expect(s.hits.map((x) => x.id)).not.toContain(record.id);
    expect(s.hits.map((x) => x.id)).not.toContain(household);
    // The 档号 itself (on the folder's spine) still finds the record, without its title.
    expect(s.byNo).toEqual([expect.objectContaining({ id: record.id, title: record.archiveNo, subtitle: '' })]);
    expect(s.records.find((r) => r.id === record.id)).toMatchObject({ archiveNo: record.archiveNo, title: '', residentName: null, shielded: true });
    expect(s.recordsByTitle).toEqual([]);
    expect(s.one).toMatchObject({ title: '', shielded: true });
    expect(s.files).toEqual([expect.objectContaining({ fileName: '', shielded: true })]);
    const everything = JSON.stringify(s);
    for (const secret of [NAME, CITIZEN_ID, NEW_PHONE, TITLE, FILE, '家属精神障碍']) expect(everything).not.toContain(secret);
  });

  it('keepers see everything; a clerk sees it once a household look-up is approved, and not after it expires', async () => {
    const keeperRows = (await v.ok<{ rows: Resident[] }>('keeper', 'residents.list', { householdId: household, offset: 0, limit: 100 })).rows;
    expect(keeperRows.map((r) => r.name)).toEqual([NAME]);
    const req = await v.ok<{ id: string }>('clerk', 'lookups.request', { subject: `household:${household}`, purpose: '低保复核入户' });
    await v.ok('keeper', 'lookups.decide', { id: req.id, approve: true, hours: 2 });
    const s = await clerkSees();
    expect(s.households.find((x) => x.id === household)).toMatchObject({ headName: NAME, memberCount: 1, tagIds: [keyTag] });
    expect(s.households.find((x) => x.id === household)?.shielded).toBeUndefined();
    expect(s.members.map((r) => r.name)).toEqual([NAME]);
    expect(s.records.find((r) => r.id === record.id)).toMatchObject({ title: TITLE, residentName: NAME });
    expect(s.recordsByTitle.map((r) => r.id)).toEqual([record.id]);
    expect(s.files.map((f) => f.fileName)).toEqual([FILE]);
    expect(s.hits.map((x) => x.id)).toContain(residentId);
    // The approval lapses: the shield is back.
    await v.travel(3 * 3_600_000, ['clerk']);
    const after = await clerkSees();
    expect(after.members).toEqual([]);
    expect(JSON.stringify(after)).not.toContain(NAME);
  });

  it("the auditor's trail and export name the fields a keeper changed, never a resident's values", async () => {
    const rows = await v.ok<AuditRow[]>('auditor', 'audit.list', { limit: 500 });
    const update = rows.find((r) => r.action === 'resident.update' && r.subject === `resident:${residentId}`)!;
    expect(JSON.parse(update.details)).toMatchObject({ changed: ['phone'] });
    const create = rows.find((r) => r.action === 'record.create' && r.subject === `record:${record.id}`)!;
    expect(JSON.parse(create.details)).toMatchObject({ archiveNo: record.archiveNo, changed: expect.arrayContaining(['title']) });
    const csv = await v.ok<{ base64: string }>('auditor', 'audit.export', { from: '2000-01-01', to: '2100-01-01', format: 'csv' });
    const exported = Buffer.from(csv.base64, 'base64').toString('utf8');
    const bySubject = await v.ok<AuditRow[]>('auditor', 'audit.bySubject', { subject: `resident:${residentId}` });
    for (const text of [JSON.stringify(rows), exported, JSON.stringify(bySubject)]) {
      for (const secret of [CITIZEN_ID, PHONE, NEW_PHONE, HEALTH, SUBSISTENCE, TITLE, '家属精神障碍']) expect(text).not.toContain(secret);
    }
    expect(exported).toContain('resident.update');
  });

  it('keepers read the values in the change history, sealed by the audit entry', async () => {
    const history = await v.ok<
      { action: string; changed: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; matchesAudit: boolean }[]
    >('keeper', 'review.history', { subject: `resident:${residentId}` });
    expect(history.map((h) => h.action)).toEqual(['resident.update', 'resident.create']);
    expect(history[0]).toMatchObject({
      changed: ['phone'],
      before: expect.objectContaining({ phone: PHONE }),
      after: expect.objectContaining({ phone: NEW_PHONE }),
      matchesAudit: true,
    });
    expect((await v.call('auditor', 'review.history', { subject: `resident:${residentId}` })).ok).toBe(false);
    expect((await v.call('clerk', 'review.history', { subject: `resident:${residentId}` })).ok).toBe(false);
    // A value rewritten in the table no longer matches what the trail sealed.
    await v.core.services.db.manager.query("UPDATE change_history SET after_values = replace(after_values, ?, '13700000000') WHERE subject = ?", [
      NEW_PHONE,
      `resident:${residentId}`,
    ]);
    const tampered = await v.ok<{ action: string; matchesAudit: boolean }[]>('keeper', 'review.history', { subject: `resident:${residentId}` });
    expect(tampered.find((h) => h.action === 'resident.update')?.matchesAudit).toBe(false);
  });

  it('search text is kept as a fingerprint the auditor can match one text at a time, and each match is audited', async () => {
    await v.ok('clerk', 'search.query', { q: ` ${CITIZEN_ID.toLowerCase()} `, limit: 10 });
    const all = await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'search', limit: 500 });
    expect(all.length).toBeGreaterThan(0);
    expect(JSON.stringify(all)).not.toContain(CITIZEN_ID);
    const matched = await v.ok<AuditRow[]>('auditor', 'audit.list', { searchText: CITIZEN_ID, limit: 500 });
    expect(matched.length).toBeGreaterThanOrEqual(2); // the first test's search and this one
    expect(new Set(matched.map((r) => r.action))).toEqual(new Set(['search']));
    expect(matched.every((r) => r.actor.startsWith('clerk'))).toBe(true);
    expect(await v.ok<AuditRow[]>('auditor', 'audit.list', { searchText: '11010519850302999X', limit: 500 })).toEqual([]);
    const asked = await v.ok<AuditRow[]>('auditor', 'audit.list', { action: 'audit.searchMatch', limit: 10 });
    expect(asked).toHaveLength(2);
  });
});
