import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStatic } from '../../electron/host/static-files';

describe('static files for app:// and the web host', () => {
  const outer = mkdtempSync(join(tmpdir(), 'static-'));
  const root = join(outer, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<html>');
  writeFileSync(join(root, 'assets', 'a.js'), 'x');
  writeFileSync(join(outer, 'secret.txt'), 'secret');

  it('serves files inside the folder with their type', () => {
    expect(resolveStatic(root, '/')?.type).toContain('text/html');
    expect(resolveStatic(root, '/assets/a.js')?.type).toContain('javascript');
  });

  it('refuses traversal in every spelling', () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      expect(resolveStatic(root, p), p).toBeNull();
    }
  });
});
