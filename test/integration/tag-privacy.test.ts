import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WELFARE_TAG_NAMES } from '../../shared/domain/tag-privacy';
import { pdfText } from '../helpers/pdf-tools';
import { ADMIN, TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

type Tag = { id: string; name: string; color: string; code: string; discreet: boolean; order: number };
type Job = { id: string; state: string; pdf: { dataBase64: string } | null };

/** 低保户, 特困户, 残疾人家庭, 独居老人, 重点户: discreet from the start; public only after a warning. */
describe('welfare and health tags are discreet by default', () => {
  const v = new TestVault();
  let tags: Tag[] = [];
  let recordId = '';
  let buildingId = '';
  const tag = (name: string) => tags.find((t) => t.name === name)!;

  const coverText = async (): Promise<string> => {
    let j = await v.ok<Job>('admin', 'print.startCovers', { scope: { kind: 'records', ids: [recordId] }, options: {} });
    while (j.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      j = await v.ok<Job>('admin', 'print.job', { id: j.id });
    }
    return pdfText(Buffer.from(j.pdf!.dataBase64, 'base64'));
  };

  beforeAll(async () => {
    await v.setup();
    await v.userWithRole('keeper', 'keeper');
    tags = await v.ok<Tag[]>('admin', 'tags.list');
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    buildingId = (await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '3号楼', code: 'B03' })).id;
    const unitId = (await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId, name: '2单元', code: 'U2' })).id;
    const h = await v.ok<{ household: { id: string } }>('admin', 'households.create', {
      unitId,
      room: '301',
      residenceType: 'own',
      tagIds: [tag('低保户').id, tag('党员户').id],
    });
    const head = await v.ok<{ resident: { id: string } }>('admin', 'residents.create', {
      householdId: h.household.id,
      name: '张卫国',
      residentType: 'registered',
    });
    await v.ok('admin', 'households.update', {
      id: h.household.id,
      unitId,
      room: '301',
      residenceType: 'own',
      tagIds: [tag('低保户').id, tag('党员户').id],
      headResidentId: head.resident.id,
    });
    recordId = (
      await v.ok<{ id: string }>('admin', 'records.create', {
        title: '家庭情况档案',
        householdId: h.household.id,
        residentClass: 'registered',
        contentCategory: 'living',
        carrier: 'electronic',
        pages: 2,
        year: 2026,
        sensitivity: 'internal',
        retentionClass: 'D10',
      })
    ).id;
  });
  afterAll(() => v.destroy());

  it('a new archive has every welfare or health tag discreet and the others public', () => {
    for (const t of tags) expect([t.name, t.discreet]).toEqual([t.name, (WELFARE_TAG_NAMES as readonly string[]).includes(t.name)]);
  });

  it('a 低保户 household’s cover prints neither the tag’s name nor the head', async () => {
    const text = await coverText();
    expect(text).toContain('家庭情况档案');
    expect(text).not.toContain('低保户');
    expect(text).not.toContain('张卫国');
    const b = await v.ok<{ dataBase64: string }>('admin', 'print.buildingCover', { buildingId, options: {} });
    const sheet = pdfText(Buffer.from(b.dataBase64, 'base64'));
    expect(sheet).toContain('301');
    expect(sheet).not.toContain('低保户');
    expect(sheet).not.toContain('张卫国');
  });

  it('making one public is refused without the confirmation, audited with it; a keeper cannot at all', async () => {
    const { id, ...rest } = tag('低保户');
    const refused = await v.call('admin', 'tags.save', { id, ...rest, discreet: false });
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    expect(!refused.ok && refused.error.zh).toContain('敏感个人信息');
    expect(!refused.ok && refused.error.fields?.[0].path).toBe('discreet');
    expect((await v.ok<Tag[]>('admin', 'tags.list')).find((t) => t.id === id)!.discreet).toBe(true);
    const keeper = await v.call('keeper', 'tags.save', { id, ...rest, discreet: false, confirmPublic: true });
    expect(!keeper.ok && keeper.error.code).toBe('FORBIDDEN');
    // A new public tag with a welfare name needs the same confirmation.
    const fresh = await v.call('admin', 'tags.save', { name: '低保边缘户', color: '#123456', code: '边', discreet: false, order: 20 });
    expect(!fresh.ok && fresh.error.code).toBe('CONFLICT');

    await v.ok('admin', 'tags.save', { id, ...rest, discreet: false, confirmPublic: true });
    const [entry] = await v.ok<{ action: string; subject: string; details: string }[]>('admin', 'audit.list', { action: 'tag.update', limit: 1 });
    expect(entry.subject).toBe(`tag:${id}`);
    expect(JSON.parse(entry.details)).toMatchObject({ madePublic: true, after: { discreet: false } });
    // Now it is the administrator's choice: the cover prints the name (the head too, no discreet tag left).
    const text = await coverText();
    expect(text).toContain('低保户');
    expect(text).toContain('张卫国');
  });
});

// An older SQLCipher archive brought up to date by the SQLite migration 0015; a PostgreSQL archive
// starts from its own schema with the welfare tags discreet (the first test above checks that).
describe.runIf(TEST_ENGINE === 'sqlcipher')('migration 0015: an older archive’s public welfare tags turn discreet once', () => {
  it('turns them discreet on the next open, audited as a system entry; a later choice to publish stays', async () => {
    let v = new TestVault();
    await v.setup();
    const m = () => v.core.services.db.manager;
    // As before 0015: the old defaults (welfare tags public) and the migration not yet run.
    await m().query("UPDATE tags SET discreet = 0 WHERE name IN ('低保户', '特困户', '残疾人家庭', '独居老人')");
    await m().query("DELETE FROM migrations WHERE name = 'KeeperForms1700000000015'");
    await m().query('ALTER TABLE archive_records DROP COLUMN carrier_by_hand');
    const dir = v.dataDir;
    await v.close();
    v = new TestVault(dir);
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    const tags = await v.ok<Tag[]>('admin', 'tags.list');
    for (const n of WELFARE_TAG_NAMES) expect(tags.find((t) => t.name === n)!.discreet, n).toBe(true);
    const entries: { actor: string; details: string }[] = await m().query("SELECT actor, details FROM audit_log WHERE action = 'tag.discreetDefaults'");
    expect(entries).toHaveLength(1);
    expect(entries[0].actor).toBe('system');
    expect(JSON.parse(entries[0].details).names).toEqual(['低保户', '残疾人家庭', '特困户', '独居老人'].sort());
    expect((await v.core.services.audit.verify()).ok).toBe(true);

    // The administrator makes 独居老人 public; reopening does not undo it.
    const old = tags.find((t) => t.name === '独居老人')!;
    await v.ok('admin', 'tags.save', { ...old, discreet: false, confirmPublic: true });
    await v.close();
    v = new TestVault(dir);
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    expect((await v.ok<Tag[]>('admin', 'tags.list')).find((t) => t.name === '独居老人')!.discreet).toBe(false);
    expect(await m().query("SELECT 1 FROM audit_log WHERE action = 'tag.discreetDefaults'")).toHaveLength(1);
    await v.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
