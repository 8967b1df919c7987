import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The one font every PDF embeds, vendored with its OFL licence (resources/fonts/README.md). */
export const PRIMARY_FONT_FILE = 'NotoSansSC-Regular.ttf';

/**
 * Where the vendored Noto Sans SC is: ARCHIVE_ROOM_FONT (an override), the packaged app's
 * resources/fonts (electron-builder extraResources), or resources/fonts of the source tree, found
 * by walking up from this module — out/main/*.js, electron/print/*.ts under tsx and vitest all
 * sit two levels below the project root, but a walk does not depend on that.
 */
export function cjkFontPath(): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.ARCHIVE_ROOM_FONT,
    resourcesPath && join(resourcesPath, 'fonts', PRIMARY_FONT_FILE),
    ...upFrom(typeof __dirname === 'string' ? __dirname : process.cwd()).map((d) => join(d, 'resources', 'fonts', PRIMARY_FONT_FILE)),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`找不到打印字体 Print font not found: resources/fonts/${PRIMARY_FONT_FILE} (looked in ${candidates.join(', ')})`);
  return found;
}

function upFrom(dir: string, levels = 6): string[] {
  const out: string[] = [];
  for (let d = dir, i = 0; i < levels; i++, d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) break;
  }
  return out;
}
