import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TAGS } from '../../shared/domain/tags';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

const BIN = join(__dirname, '../../bin/archive-room.cjs');

/** `archive-room init` in a new folder: the archive exactly as a keeper creates it from the command line. */
function cliInit(dir: string): void {
  const r = spawnSync(process.execPath, [BIN, 'init', '--admin', ADMIN.username, '--community', '幸福社区', '--data-dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, ARCHIVE_ROOM_PASSWORD: ADMIN.password },
    input: '',
  });
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
}

async function open(dir: string): Promise<TestVault> {
  const v = new TestVault(dir);
  await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
  return v;
}

async function state(v: TestVault) {
  const m = v.core.services.db.manager;
  const tags: { name: string; color: string; code: string; discreet: number | boolean; sort_order: number }[] = await m.query(
    'SELECT name, color, code, discreet, sort_order FROM tags ORDER BY sort_order',
  );
  const seeded: { details: string }[] = await m.query("SELECT details FROM audit_log WHERE action = 'tag.seedDefaults'");
  const outbox: { n: number }[] = await m.query('SELECT count(*) AS n FROM audit_outbox');
  return { tags, seeded, outbox: Number(outbox[0].n), chain: (await v.core.services.audit.verify()).ok };
}

/** Makes an archive look as if it was created before the palette came with it (migration 0007 not yet run). */
async function asBefore0007(v: TestVault, keepTags: boolean): Promise<void> {
  const m = v.core.services.db.manager;
  if (!keepTags) await m.query('DELETE FROM tags');
  await m.query("DELETE FROM migrations WHERE name = 'DefaultTags1700000000007'");
  await m.query('DROP TABLE audit_outbox');
}

describe('the default tag palette comes with the archive, audited once', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const d = tempDir('archive-tags-');
    dirs.push(d);
    return d;
  };
  // One `init` (argon2 and a child process are slow here); each test works on a copy of its folder.
  const created = newDir();
  const initialised = () => {
    const d = newDir();
    cpSync(created, d, { recursive: true });
    return d;
  };
  beforeAll(() => cliInit(created));
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a fresh archive from `archive-room init` has every default tag before any screen lists them; reopening adds nothing', async () => {
    const dir = initialised();
    let v = await open(dir);
    let s = await state(v);
    expect(s.tags.map((t) => t.name)).toEqual(DEFAULT_TAGS.map((t) => t.name));
    expect(s.tags.map((t) => [t.color, t.code, Boolean(t.discreet), t.sort_order])).toEqual(DEFAULT_TAGS.map((t) => [t.color, t.code, t.discreet, t.order]));
    expect(s.seeded).toHaveLength(1);
    expect(JSON.parse(s.seeded[0].details)).toMatchObject({ count: DEFAULT_TAGS.length });
    expect(s.outbox).toBe(0);
    expect(s.chain).toBe(true);
    // Listing (what used to seed them) and opening again change nothing.
    expect(await v.ok<unknown[]>('admin', 'tags.list')).toHaveLength(DEFAULT_TAGS.length);
    await v.close();
    v = await open(dir);
    s = await state(v);
    expect(s.tags).toHaveLength(DEFAULT_TAGS.length);
    expect(s.seeded).toHaveLength(1);
    await v.close();
  });

  it('the palette is audited inside the creation: the entry right after vault.created', async () => {
    const v = new TestVault(newDir());
    await v.setup();
    const rows: { seq: number; action: string; actor: string }[] = await v.core.services.db.manager.query(
      'SELECT seq, action, actor FROM audit_log ORDER BY seq LIMIT 2',
    );
    expect(rows.map((r) => r.action)).toEqual(['vault.created', 'tag.seedDefaults']);
    expect(rows[1].actor).toBe('system');
    await v.close();
  });

  it('an older archive without tags gets them at its next open, audited once; one that has tags keeps its own', async () => {
    const dir = initialised();
    let v = await open(dir);
    await asBefore0007(v, false);
    await v.close();
    v = await open(dir);
    let s = await state(v);
    expect(s.tags.map((t) => t.name)).toEqual(DEFAULT_TAGS.map((t) => t.name));
    expect(s.seeded).toHaveLength(2); // the creation's and this open's
    expect(s.outbox).toBe(0);
    expect(s.chain).toBe(true);
    await v.close();
    v = await open(dir);
    expect((await state(v)).seeded).toHaveLength(2);

    // An archive whose keeper already shaped the palette: the migration leaves it alone, no entry.
    const id = (await v.ok<{ id: string; name: string }[]>('admin', 'tags.list')).find((t) => t.name === '重点户')!.id;
    await v.ok('admin', 'tags.remove', { id });
    await asBefore0007(v, true);
    await v.close();
    v = await open(dir);
    s = await state(v);
    expect(s.tags).toHaveLength(DEFAULT_TAGS.length - 1);
    expect(s.seeded).toHaveLength(2);
    await v.close();
  });

  it('tags a keeper deletes stay deleted: the palette is not planted again on open or on listing', async () => {
    const dir = initialised();
    let v = await open(dir);
    for (const t of await v.ok<{ id: string }[]>('admin', 'tags.list')) await v.ok('admin', 'tags.remove', { id: t.id });
    await v.close();
    v = await open(dir);
    expect(await v.ok<unknown[]>('admin', 'tags.list')).toHaveLength(0);
    expect((await state(v)).seeded).toHaveLength(1);
    await v.close();
  });
});
