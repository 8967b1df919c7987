import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../helpers/cli-child';
import { initEnv, TEST_ENGINE, tempDir } from '../helpers/vault-fixture';

/**
 * The print libraries (pdfkit, bwip-js, react-pdf, pdf-lib and its fontkit), exceljs and node-pg
 * cost ≈0.5 s of CPU to load, which every CLI command, web host and app start used to pay. Each is
 * loaded by the work that needs it: this runs the built CLI with a preload that logs every module
 * file the process loads, and names the packages whose code ran — node_modules files directly,
 * bundled ones by the `// node_modules/<package>/…` region comments of the chunks under out/.
 */
const HOOK = join(__dirname, '../helpers/load-log.cjs');
const PASSWORD = 'Lazy-pass-2026';
const dir = tempDir('archive-lazy-');
const HEAVY = ['pdfkit', 'bwip-js', '@react-pdf/renderer', '@cantoo/pdf-lib', '@cantoo/fontkit', 'exceljs', 'pg'];

function packagesLoaded(args: string[]): { status: number | null; stderr: string; packages: Set<string> } {
  const log = join(dir, `load-${args[0]}-${Date.now()}.log`);
  const r = spawnSync(process.execPath, [CLI_ENTRY, ...args, '--data-dir', join(dir, 'archive')], {
    encoding: 'utf8',
    input: '',
    env: {
      ...process.env,
      ...initEnv(),
      ARCHIVE_ROOM_PASSWORD: PASSWORD,
      ARCHIVE_ROOM_TEST_LOAD_LOG: log,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(HOOK)}`.trim(),
    },
  });
  const packages = new Set<string>();
  const files = new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean));
  for (const f of files) {
    const direct = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (direct) packages.add(direct[1]);
    else if (f.includes('/out/') && f.endsWith('.js'))
      for (const m of readFileSync(f, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(m[1]);
  }
  return { status: r.status, stderr: r.stderr, packages };
}

describe('the CLI loads heavy libraries only for the work that needs them', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('init with a recovery sheet loads the print libraries (the log sees them when they run)', () => {
    const r = packagesLoaded(['init', '--admin', 'root', '--community', '和平社区', '--sheet', join(dir, 'sheet.pdf')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.packages).toContain('pdfkit');
    expect(r.packages).toContain('typeorm');
  });

  it('search and verify open the archive and load no print library, no exceljs; node-pg only on PostgreSQL', () => {
    for (const cmd of [['search', '王'], ['verify']]) {
      const r = packagesLoaded([...cmd, '--user', 'root']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.packages, cmd[0]).toContain('typeorm');
      const heavy = HEAVY.filter((p) => r.packages.has(p));
      expect(heavy, cmd[0]).toEqual(TEST_ENGINE === 'postgres' ? ['pg'] : []);
    }
  });
});
