import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TagRow } from '../../shared/contract/register.contract';
import { runCliChild } from '../helpers/cli-child';
import { communityRows, encodeGb18030, toCsv, type SheetRow } from '../helpers/import-sheets';
import { initEnv, tempDir, TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

const PASSWORD = 'Cli-map-pass-2026';
const PUBLIC_RENT = '公租房';

/** Even households 公租房; every 5th household 楼组长 (→ 楼长 by the map); every 4th 网格员 (a tag no archive has). */
function sheet(n: number, seed: number, offset: number, grid: string): SheetRow[] {
  return communityRows(n, seed, offset).map((r, i) => {
    const h = Math.floor(i / 3);
    const tags = [h % 5 === 0 ? '楼组长' : '', h % 4 === 0 ? '网格员' : ''].filter(Boolean).join('、');
    return { ...r, grid, residenceType: h % 2 === 0 ? PUBLIC_RENT : r.residenceType, tags };
  });
}
const households = (rows: SheetRow[], pred: (r: SheetRow) => boolean) =>
  new Set(rows.map((r, i) => (pred(r) ? Math.floor(i / 3) : -1)).filter((h) => h >= 0)).size;
const rowCount = (rows: SheetRow[], pred: (r: SheetRow) => boolean) => rows.filter(pred).length;

// Every step is a child process (start-up + argon2 sign-in): minutes on a busy 2-core machine.
describe('archive-room import --map / --create-missing-tags on an archive made by `archive-room init`', { timeout: 300_000 }, () => {
  const dir = tempDir('archive-mapcli-');
  const work = tempDir('archive-mapcli-work-');
  const run = (args: string[], env?: Record<string, string>) => runCliChild([...args, '--data-dir', dir], PASSWORD, '\u0000', null, undefined, env);
  const imp = (args: string[]) => run(['import', ...args, '--user', 'admin']);
  const rows = sheet(60, 17, 70000, '第一网格');
  const file = join(work, '居民登记表.csv');
  const map = (name: string, json: string) => {
    const p = join(work, name);
    writeFileSync(p, json);
    return p;
  };
  /** The archive in-process, signed in as the CLI's admin (the CLI child has exited). */
  const open = async <T>(fn: (v: TestVault) => Promise<T>): Promise<T> => {
    const v = new TestVault(dir);
    try {
      await v.ok('admin', 'auth.signIn', { username: 'admin', password: PASSWORD });
      return await fn(v);
    } finally {
      await v.close();
    }
  };
  const q = (v: TestVault, sql: string, p: unknown[] = []) => v.core.services.db.manager.query(sql, p);

  beforeAll(async () => {
    // In the postgres project the archive's tables go into a database of the run's cluster.
    const init = await run(['init', '--admin', 'admin', '--community', '和平社区'], initEnv());
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(dir, 'database.json')), "the archive lives in this project's engine").toBe(TEST_ENGINE === 'postgres');
    // The default palette (listed once here; created with the archive once issue 12 item 1 lands).
    await open((v) => v.ok('admin', 'tags.list'));
    writeFileSync(file, encodeGb18030(toCsv(rows)));
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('--dry-run prints the unknown values grouped, with counts, first rows and what each column allows', async () => {
    const r = await imp([file, '--dry-run']);
    expect(r.code, r.stderr).toBe(2);
    const rent = rowCount(rows, (x) => x.residenceType === PUBLIC_RENT);
    expect(r.stdout).toContain(`居住类型 '${PUBLIC_RENT}' × ${rent} 行 rows（第 2、3、4、8、9 … 行 rows）→ 可映射为 allowed: 自有 / 租住 / 其他`);
    expect(r.stdout).toContain(`户标签 '网格员' × ${rowCount(rows, (x) => String(x.tags).includes('网格员'))} 行 rows`);
    expect(r.stdout).toContain(`户标签 '楼组长' × ${rowCount(rows, (x) => String(x.tags).includes('楼组长'))} 行 rows`);
    expect(r.stdout).toMatch(/可映射为 allowed: 楼长 \/ 单元长 \/ 党员户/);
    expect(r.stdout).toContain('--create-missing-tags');
    expect(r.stdout).not.toContain('逐行问题');
    expect(r.stdout).toContain('nothing was imported');
  });

  // More shapes of bad files are table-tested in test/unit/import-mapping.test.ts.
  it('a bad map file is refused with every problem in Chinese and English (exit 65), and writes nothing', async () => {
    const cases: [string, string, string[], string[]][] = [
      ['bad.json', '{ "居住类型": { "公租房": "租住" ', [], ['映射文件不是有效的 JSON', 'not valid JSON']],
      [
        'column.json',
        '{ "居住情况": { "公租房": "租住" }, "姓名": { "张三": "李四" } }',
        [],
        ['列“居住情况”不存在', 'does not exist', '“姓名”列的值不能映射', 'cannot be mapped'],
      ],
      [
        'target.json',
        '{ "residenceType": { "公租房": "公房" }, "户标签": { "楼组长": "楼组" } }',
        [],
        ['只能映射为：自有 / 租住 / 其他', '"公房" is not one of them', '“楼组”不存在', 'no tag of this archive'],
      ],
      // Checked before anything is written: the tags --create-missing-tags would make are not made.
      ['target2.json', '{ "居住类型": { "公租房": "公房" } }', ['--create-missing-tags'], ['只能映射为：自有 / 租住 / 其他']],
    ];
    for (const [name, json, flags, says] of cases) {
      const r = await imp([file, '--map', map(name, json), ...flags]);
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(65);
      for (const s of says) expect(r.stderr, name).toContain(s);
    }
    const missing = await imp([file, '--map', join(work, 'none.json')]);
    expect(missing.code).toBe(65);
    expect(missing.stderr).toContain('无法读取映射文件');
    await open(async (v) => {
      expect(await q(v, 'SELECT * FROM import_mappings')).toEqual([]);
      expect((await v.ok<TagRow[]>('admin', 'tags.list')).map((t) => t.name)).not.toContain('网格员');
      expect(Number((await q(v, 'SELECT count(*) AS n FROM residents'))[0].n)).toBe(0);
    });
  });

  it('--map with --dry-run applies the mappings for that check only; with --create-missing-tags the sheet checks clean', async () => {
    const m = map('map.json', JSON.stringify({ residenceType: { [PUBLIC_RENT]: '租住' }, 户标签: { 楼组长: '楼长' } }));
    const only = await imp([file, '--map', m, '--dry-run']);
    expect(only.code).toBe(2);
    expect(only.stdout).toContain('not saved');
    expect(only.stdout).toContain(
      `居住类型 '${PUBLIC_RENT}' → 租住 × ${rowCount(rows, (x) => x.residenceType === PUBLIC_RENT)} 行 rows（仅本次 this run only）`,
    );
    expect(only.stdout).toContain("户标签 '网格员'");
    const both = await imp([file, '--map', m, '--create-missing-tags', '--dry-run']);
    expect(both.code, both.stdout).toBe(0);
    expect(both.stdout).toContain('would create tags (not created): 网格员');
    expect(both.stdout).toContain('dry run: nothing written');
    await open(async (v) => {
      expect(await q(v, 'SELECT * FROM import_mappings')).toEqual([]);
      expect((await v.ok<TagRow[]>('admin', 'tags.list')).map((t) => t.name)).not.toContain('网格员');
    });
  });

  it('--map --create-missing-tags imports: tags created (palette colour, free code, audited), mappings saved (audited); the next import reuses them', async () => {
    const m = map('map.json', JSON.stringify({ residenceType: { [PUBLIC_RENT]: '租住' }, 户标签: { 楼组长: '楼长' } }));
    const r = await imp([file, '--map', m, '--create-missing-tags']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("已新建户标签 created tag '网格员'：代码 code 网，颜色 colour #1677ff");
    expect(r.stdout).toContain('saved 2 mapping(s); later imports use them automatically');
    expect(r.stdout).toContain(`已导入 / imported: ${rows.length} 新居民 new`);

    const next = sheet(24, 18, 71000, '第二网格');
    const nextFile = join(work, '下一批.csv');
    writeFileSync(nextFile, toCsv(next));
    const again = await imp([nextFile]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain(`居住类型 '${PUBLIC_RENT}' → 租住 × ${rowCount(next, (x) => x.residenceType === PUBLIC_RENT)} 行 rows`);
    expect(again.stdout).toContain(`户标签 '楼组长' → 楼长 × ${rowCount(next, (x) => String(x.tags).includes('楼组长'))} 行 rows`);
    expect(again.stdout).not.toContain('仅本次');

    await open(async (v) => {
      const tag = (await v.ok<TagRow[]>('admin', 'tags.list')).find((t) => t.name === '网格员')!;
      expect(tag).toMatchObject({ code: '网', color: '#1677ff', discreet: false });
      const created = await q(v, "SELECT actor, details FROM audit_log WHERE action = 'tag.create'");
      expect(created.map((a: { actor: string }) => a.actor)).toEqual(['admin']);
      const saved = await q(v, "SELECT actor, details FROM audit_log WHERE action = 'import.mapping.save' ORDER BY seq");
      expect(saved.map((a: { actor: string; details: string }) => [a.actor, JSON.parse(a.details).value, JSON.parse(a.details).target])).toEqual([
        ['admin', PUBLIC_RENT, '租住'],
        ['admin', '楼组长', '楼长'],
      ]);
      // Counts per grid and tag match the sheets, counted by brute force.
      const all = [...rows, ...next];
      const byTag = async (name: string) =>
        Number((await q(v, 'SELECT count(*) AS n FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE t.name = ?', [name]))[0].n);
      expect(await byTag('网格员')).toBe(
        households(rows, (x) => String(x.tags).includes('网格员')) + households(next, (x) => String(x.tags).includes('网格员')),
      );
      expect(await byTag('楼长')).toBe(households(rows, (x) => String(x.tags).includes('楼组长')) + households(next, (x) => String(x.tags).includes('楼组长')));
      const rented = async (grid: string) =>
        Number(
          (
            await q(
              v,
              "SELECT count(*) AS n FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE g.name = ? AND h.residence_type = 'rented'",
              [grid],
            )
          )[0].n,
        );
      const wantRented = (s: SheetRow[]) => households(s, (x) => x.residenceType === PUBLIC_RENT || x.residenceType === '租住');
      expect(await rented('第一网格')).toBe(wantRented(rows));
      expect(await rented('第二网格')).toBe(wantRented(next));
      expect(Number((await q(v, 'SELECT count(*) AS n FROM residents'))[0].n)).toBe(all.length);
    });
  });
});
