import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Some tests run what users run: the built CLI (out/main/cli.js) and the built preload bundle.
 * Build once before the run when out/ is missing or older than any source file, so a test can
 * never pass against yesterday's build.
 */
const OUTPUTS = ['out/main/cli.js', 'out/main/host.js', 'out/preload/index.js'];
const SOURCES = ['electron', 'shared', 'renderer/src', 'electron.vite.config.ts', 'package.json'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

export default function setup(): void {
  const built = OUTPUTS.every(existsSync) ? Math.min(...OUTPUTS.map((o) => statSync(o).mtimeMs)) : 0;
  const source = Math.max(...SOURCES.filter(existsSync).map(newest));
  if (built >= source) return;
  console.log('[test setup] out/ is missing or stale: building with electron-vite …');
  execFileSync(process.execPath, [join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { stdio: 'inherit' });
}
