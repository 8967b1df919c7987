import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { parse } from 'yaml';

export interface PackagedFile {
  path: string;
  bytes: number;
}

/** Production packages as package-lock.json resolves them (entries not marked dev). */
export function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([k, v]) => k.startsWith('node_modules/') && !v.dev && !v.devOptional)
    .map(([k]) => k);
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      // A nested node_modules holds packages of its own, listed separately in the lock.
      if (e.name !== 'node_modules') walk(p, out);
    } else out.push(p);
  }
}

/**
 * The files electron-builder would put in the app (asar + unpacked), modelled the way it builds
 * them: every file of out/, package.json and the production dependencies, minus the `files`
 * list's "!" patterns in electron-builder.yml.
 */
export function packagedFiles(): PackagedFile[] {
  const cfg = parse(readFileSync('electron-builder.yml', 'utf8')) as { files: string[] };
  const excludes = cfg.files.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
  const candidates: string[] = ['package.json'];
  if (existsSync('out')) walk('out', candidates);
  for (const pkg of productionPackages()) if (existsSync(pkg)) walk(pkg, candidates);
  return candidates.filter((p) => !excludes.some((g) => matchesGlob(p, g))).map((p) => ({ path: p, bytes: statSync(p).size }));
}
