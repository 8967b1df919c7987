import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Noto Sans SC Regular (OFL), taken from the npm package at install time rather than committed.
 * A packaged app finds it in resources/fonts (electron-builder copies it there).
 */
export function cjkFontPath(): string {
  const candidates = [
    process.env.ARCHIVE_ROOM_FONT,
    (process as { resourcesPath?: string }).resourcesPath && join((process as { resourcesPath?: string }).resourcesPath!, 'fonts', 'NotoSansSC-Regular.ttf'),
    safeResolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('CJK font not found: run npm ci (it installs @expo-google-fonts/noto-sans-sc)');
  return found;
}

function safeResolve(id: string): string | undefined {
  try {
    return require.resolve(id);
  } catch {
    return undefined;
  }
}
