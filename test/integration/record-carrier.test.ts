import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestVault } from '../helpers/vault-fixture';

type Rec = { id: string; carrier: string; title: string } & Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');

/** 纸质 + a scan = 纸质+电子, in the same transaction as the file, unless a keeper set 载体 by hand. */
describe('载体 follows attachments', () => {
  const v = new TestVault();
  let locationId = '';
  const record = (title: string) =>
    v.ok<Rec>('admin', 'records.create', {
      title,
      residentClass: 'registered',
      contentCategory: 'basic',
      carrier: 'paper',
      pages: 2,
      year: 2026,
      sensitivity: 'internal',
      retentionClass: 'D10',
      locationId,
    });
  const attach = (recordId: string) => v.ok('admin', 'attachments.add', { recordId, fileName: '扫描件.pdf', mime: 'application/pdf', dataBase64: PDF });
  const get = (id: string) => v.ok<Rec>('admin', 'records.get', { id });

  beforeAll(async () => {
    await v.setup();
    locationId = (await v.ok<{ id: string }>('admin', 'locations.save', { room: '一号库房', cabinet: '03', shelf: '2', box: '015' })).id;
  });
  afterAll(() => v.destroy());

  it('a paper record becomes 纸质+电子 with its first file, and the audit entry says so', async () => {
    const r = await record('走访记录');
    await attach(r.id);
    expect((await get(r.id)).carrier).toBe('both');
    const [entry] = await v.ok<{ details: string }[]>('admin', 'audit.list', { action: 'attachment.add', limit: 1 });
    expect(JSON.parse(entry.details).carrier).toEqual({ from: 'paper', to: 'both' });
    // A second file changes nothing more.
    await attach(r.id);
    const [second] = await v.ok<{ details: string }[]>('admin', 'audit.list', { action: 'attachment.add', limit: 1 });
    expect(JSON.parse(second.details).carrier).toBeUndefined();
  });

  it('a carrier set back to 纸质 by hand stays 纸质 when more files come', async () => {
    const r = await record('调解材料');
    await attach(r.id);
    // Without `version`: these edits are not checked for staleness (record-version.test.ts is about that).
    const { id, archiveNo, status, reviewStatus, createdAt, updatedAt, residentName, householdAddress, locationLabel, shielded, version, ...rest } = await get(
      r.id,
    );
    void [archiveNo, status, reviewStatus, createdAt, updatedAt, residentName, householdAddress, locationLabel, shielded, version];
    const input = Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined));
    await v.ok('admin', 'records.update', { ...input, id, carrier: 'paper', locationId });
    await attach(r.id);
    expect((await get(r.id)).carrier).toBe('paper');
    // An edit that leaves 载体 alone keeps the hand-made choice too.
    await v.ok('admin', 'records.update', { ...input, id, carrier: 'paper', locationId, title: '调解材料（补）' });
    await attach(r.id);
    expect((await get(r.id)).carrier).toBe('paper');
  });
});
