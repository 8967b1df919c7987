import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/vault-fixture';

const BIN = join(__dirname, '../../bin/archive-room.cjs');
const dir = tempDir('archive-cli-');
const run = (args: string[], password?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ARCHIVE_ROOM_PASSWORD: password ?? '' }, input: '' });

describe('archive-room CLI (the real bin, as a child process)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists the commands in both languages', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('init --admin NAME');
    expect(r.stdout).toContain('verify --user NAME');
    expect(r.stdout).toContain('恢复密钥'.slice(0, 2));
  });

  it('init creates the archive and prints the recovery key once; a second init is refused', () => {
    const sheet = join(dir, '..', `sheet-${Date.now()}.pdf`);
    const r = run(['init', '--admin', 'root', '--community', '和平社区', '--data-dir', dir, '--sheet', sheet], 'Cli-pass-2026');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Recovery key \(shown once\): ([0-9A-Z]{4}-){12}[0-9A-Z]{4}/);
    expect(execFileSync('pdftotext', [sheet, '-'], { encoding: 'utf8' })).toContain('和平社区');
    const again = run(['init', '--admin', 'root', '--data-dir', dir], 'Cli-pass-2026');
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });

  it('verify exits 0 when sound, non-zero with one line for a wrong password or a damaged DB', () => {
    const ok = run(['verify', '--user', 'root', '--data-dir', dir], 'Cli-pass-2026');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('integrity_check ok');
    const bad = run(['verify', '--user', 'root', '--data-dir', dir], 'wrong-pass-1');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('Wrong user name or password');
    const db = join(dir, 'archive.db');
    const bytes = readFileSync(db);
    bytes[200] ^= 0xff;
    writeFileSync(db, bytes);
    const damaged = run(['verify', '--user', 'root', '--data-dir', dir], 'Cli-pass-2026');
    expect(damaged.status).not.toBe(0);
    expect(damaged.stderr).toMatch(/damaged/);
  });

  it('unknown commands and missing arguments exit 64', () => {
    expect(run(['frobnicate', '--data-dir', dir]).status).toBe(64);
    expect(run(['init', '--data-dir', dir]).status).toBe(64);
  });
});
