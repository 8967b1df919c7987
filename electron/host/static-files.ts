import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * Resolves a URL path inside `root`, refusing anything that escapes it (../, encoded
 * separators, absolute paths). Shared by the app:// protocol and the web host.
 */
export function resolveStatic(root: string, urlPath: string): { file: string; type: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^[/\\]+/, '');
  const file = join(root, rel);
  const back = relative(root, file);
  if (back.startsWith('..') || back.split(sep).includes('..')) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  return { file, type: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
}

/** Vite's output names: `assets/<name>-<content hash>.<ext>`; a new build gives changed files new names. */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/**
 * A built file's name changes with its content, so the browser may keep it for good: a keeper's
 * browser (or an office PC's window) then neither fetches ≈ 2 MB of scripts again at each opening nor
 * compiles them again (Chromium keeps compiled code beside a cached script). index.html, which names
 * them, is never kept, so a new version is picked up at the next opening.
 */
function cacheHeaders(urlPath: string): Record<string, string> {
  return HASHED_ASSET.test(urlPath) ? { 'cache-control': 'private, max-age=31536000, immutable' } : {};
}

export function readStatic(root: string, urlPath: string): { body: Buffer; type: string; headers: Record<string, string> } | null {
  const r = resolveStatic(root, urlPath);
  return r ? { body: readFileSync(r.file), type: r.type, headers: cacheHeaders(urlPath) } : null;
}
