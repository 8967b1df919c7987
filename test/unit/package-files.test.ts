import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, matchesGlob, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packagedFiles, productionPackages } from '../helpers/package-files';

const MiB = 1024 * 1024;
/**
 * Requires TypeORM keeps for engines and set-ups this app never selects (its MySQL and React
 * Native drivers, ormconfig discovery): reached only when such an engine is configured.
 */
const NEVER_LOADED = new Set(['mysql', 'react-native-sqlite-storage', 'app-root-path']);
const files = packagedFiles();
const shipped = new Set(files.map((f) => f.path));
const cfg = parse(readFileSync('electron-builder.yml', 'utf8')) as { asarUnpack: string[] };

/** Bare module names the built main-side bundles require at run time. */
function runtimeRequires(): Set<string> {
  const names = new Set<string>();
  for (const f of files.filter((x) => x.path.startsWith('out/main/') && x.path.endsWith('.js'))) {
    for (const m of readFileSync(f.path, 'utf8').matchAll(/\brequire\("([^"./][^"]*)"\)/g)) {
      const spec = m[1].replace(/^node:/, '');
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return names;
}

describe('what electron-builder packs (files list in electron-builder.yml applied to the tree)', () => {
  it('ships the built app and no sources', () => {
    for (const f of [
      'package.json',
      'out/main/index.js',
      'out/main/host.js',
      'out/main/cli.js',
      'out/preload/index.js',
      'out/preload/client.js',
      'out/renderer/index.html',
    ]) {
      expect(shipped.has(f), f).toBe(true);
    }
    expect(files.filter((f) => /^(electron|renderer|shared|test)\//.test(f.path))).toEqual([]);
  });

  it('every module the built main process requires is a builtin, electron, or a shipped package', () => {
    const prod = new Set(productionPackages().map((p) => p.replace(/^.*node_modules\//, '')));
    const missing = [...runtimeRequires()].filter((n) => n !== 'electron' && !builtinModules.includes(n) && !prod.has(n) && !NEVER_LOADED.has(n));
    expect(missing).toEqual([]);
    // …and each of those packages' entry file is in the package, not filtered out.
    for (const n of runtimeRequires()) {
      if (n === 'electron' || builtinModules.includes(n) || NEVER_LOADED.has(n)) continue;
      const resolved = createRequire(join(process.cwd(), 'package.json')).resolve(n).split(sep).join('/');
      const entry = resolved.slice(resolved.lastIndexOf('node_modules/'));
      expect(shipped.has(entry), `${n} entry ${entry}`).toBe(true);
    }
  });

  it('native binaries are shipped and unpacked from the asar', () => {
    // The binaries node-gyp built here (the ones loaded); prebuilds for other platforms are not.
    const natives = files.filter((f) => f.path.endsWith('.node') && f.path.includes('/build/Release/') && !f.path.includes('/obj.target/'));
    expect(natives.some((f) => f.path.includes('sqlcipher'))).toBe(true);
    expect(natives.some((f) => f.path.includes('argon2'))).toBe(true);
    for (const n of natives)
      expect(
        cfg.asarUnpack.some((g) => matchesGlob(n.path, g)),
        n.path,
      ).toBe(true);
  });

  it('node_modules in the package stays within 40 MiB', () => {
    const bytes = files.filter((f) => f.path.startsWith('node_modules/')).reduce((s, f) => s + f.bytes, 0);
    expect(bytes / MiB).toBeLessThanOrEqual(40);
  });
});
