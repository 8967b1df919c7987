import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { ArchiveCore } from '../../electron/core/archive-core';
import { serverSheetPdf } from '../../electron/print/server-sheet.pdf';
import { isOfficeLinkProblem, parseOfficeLink } from '../../shared/domain/office-link';
import { pdfBarcodes, pdfPageCount, pdfText } from '../helpers/pdf-tools';
import { serveChild } from '../helpers/serve-child';
import { tempDir } from '../helpers/vault-fixture';

const FP = Array.from({ length: 32 }, (_, i) => (255 - i * 5).toString(16).padStart(2, '0').toUpperCase()).join(':');

function collect() {
  const lines: string[] = [];
  return { out: { log: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }, lines };
}

describe('the office server connection sheet (#18): printed fingerprint and QR a client can use', () => {
  const root = tempDir('archive-sheet-');
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serve writes the sheet; its text and QR carry the fingerprint serve printed; connect --code accepts it, a forged code is refused', async () => {
    const dataDir = join(root, 'data');
    const core = new ArchiveCore({ dataDir });
    await core.setup({ communityName: '幸福社区', username: 'admin', displayName: '王主任', password: 'Office-admin-2026' }, 'setup');
    await core.close();

    const started = await serveChild(dataDir);
    child = started.child;
    const fingerprint = /SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(started.stdout())?.[1];
    const url = /office server: (https:\/\/\S+)/.exec(started.stdout())?.[1];
    expect(fingerprint).toBeDefined();
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const sheetPath = /connection sheet to print: (.+)$/m.exec(started.stdout())?.[1];
    expect(sheetPath).toBe(join(dataDir, 'server-sheet.pdf'));

    const pdf = readFileSync(sheetPath!);
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('服务器连接单');
    expect(text).toContain(url!);
    // The fingerprint is printed in two halves of 16 pairs, as an administrator reads it aloud.
    const pairs = fingerprint!.split(':');
    expect(text).toContain(pairs.slice(0, 16).join(':'));
    expect(text).toContain(pairs.slice(16).join(':'));

    const codes = pdfBarcodes(pdf);
    expect(codes).toHaveLength(1);
    const link = parseOfficeLink(codes[0]);
    expect(link).toEqual({ url: url!.replace(/\/$/, ''), fingerprint });

    const good = collect();
    expect(await runCli(['connect', '--code', codes[0]], good.out)).toBe(0);
    expect(good.lines.join('\n')).toContain('证书指纹一致');
    expect(good.lines.join('\n')).toContain('已锁定');

    // A sheet for another server (same address, other certificate): nothing is sent, exit 3.
    const forged = codes[0].replace(/fp=[0-9A-F]{64}/, `fp=${'AB'.repeat(32)}`);
    const bad = collect();
    expect(await runCli(['connect', '--code', forged], bad.out)).toBe(3);
    expect(bad.lines.join('\n')).toContain('证书指纹不符');

    const junk = collect();
    expect(await runCli(['connect', '--code', 'https://example.org/'], junk.out)).toBe(64);
    expect(junk.lines.join('\n')).toContain('不是档案室服务器连接单');
  });

  it('a PC with several office addresses gets one QR per address (at most three), each readable', async () => {
    const urls = ['https://192.168.1.20:8443/', 'https://10.0.0.5:8443/', 'https://172.16.3.9:8443/', 'https://192.168.2.1:8443/'];
    const pdf = await serverSheetPdf({ urls, fingerprint: FP, printedAt: '2026/12/3 10:00:00' });
    const links = pdfBarcodes(pdf).map(parseOfficeLink);
    expect(links.every((l) => !isOfficeLinkProblem(l))).toBe(true);
    expect(links.map((l) => (l as { url: string }).url).sort()).toEqual(
      urls
        .slice(0, 3)
        .map((u) => u.replace(/\/$/, ''))
        .sort(),
    );
    const text = pdfText(pdf);
    for (const u of urls) expect(text).toContain(u);
    expect(pdfPageCount(pdf)).toBe(1);
  });
});
