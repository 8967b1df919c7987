import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

/**
 * Some tests run what users run: the built CLI (out/main/cli.js) and the built preload bundle.
 * Build once before the run when out/ is missing or older than any source file, so a test can
 * never pass against yesterday's build.
 *
 * The fault tests' own children (test/helpers/*-child.ts: they wrap core internals to stop at a
 * step) are compiled the same way into out-test/ — not out/, which electron-builder packs — so
 * each child starts as plain Node (≈1 s on a loaded 2-core machine) instead of paying the tsx
 * loader (20–30 s there).
 */
const OUTPUTS = ['out/main/cli.js', 'out/main/host.js', 'out/preload/index.js'];
const SOURCES = ['electron', 'shared', 'renderer/src', 'electron.vite.config.ts', 'package.json'];
export const CHILDREN = ['destruction-child', 'rekey-child'];
export const CHILD_OUT = 'out-test/children';
/** V8's compiled code of out/ for the processes tests start (test/setup/code-cache.cjs). */
export const CODE_CACHE = 'out-test/code-cache';

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

const builtAt = (outputs: string[]) => (outputs.every(existsSync) ? Math.min(...outputs.map((o) => statSync(o).mtimeMs)) : 0);

async function buildChildren(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    // The test-capable build, like `npm run build` (electron/vault/kdf.ts reads the switch the same way).
    define: { __KDF_TEST_SWITCH__: 'true' },
    // Bundled like out/main (electron.vite.config.ts): only package.json's runtime dependencies stay
    // outside. A child then reads one file instead of thousands under node_modules.
    ssr: { noExternal: true, external: Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies as Record<string, string>) },
    build: {
      ssr: true,
      target: 'node20',
      outDir: CHILD_OUT,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        input: Object.fromEntries(CHILDREN.map((c) => [c, resolve('test/helpers', `${c}.ts`)])),
        output: { format: 'cjs', entryFileNames: '[name].cjs', dynamicImportInCjs: false },
      },
    },
  });
}

export default async function setup(): Promise<void> {
  const source = Math.max(...SOURCES.filter(existsSync).map(newest));
  if (builtAt(OUTPUTS) < source) {
    console.log('[test setup] out/ is missing or stale: building with electron-vite …');
    execFileSync(process.execPath, [join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { stdio: 'inherit' });
  }
  // This file too: how the children are built is part of what they are.
  const childSource = Math.max(source, newest('test/helpers'), newest('test/setup/fresh-build.ts'));
  if (builtAt(CHILDREN.map((c) => join(CHILD_OUT, `${c}.cjs`))) < childSource) await buildChildren();
  // Entries are named by the file and its content, so a stale one is never used; the folder is
  // emptied when the build changes only so that old entries do not pile up.
  const stamp = join(CODE_CACHE, 'built-at');
  const built = `${builtAt(OUTPUTS)} ${builtAt(CHILDREN.map((c) => join(CHILD_OUT, `${c}.cjs`)))}`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== built) {
    rmSync(CODE_CACHE, { recursive: true, force: true });
    mkdirSync(CODE_CACHE, { recursive: true });
    writeFileSync(stamp, built);
  }
}
