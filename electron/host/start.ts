import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { AppError } from '../../shared/errors';
import { ArchiveCore } from '../core/archive-core';
import { logInternalError } from '../core/internal-log';
import { OffsetClock } from '../core/clock';
import { resolveDataDir } from '../core/paths';
import { startWebHost } from './web-host';

/**
 * `npm run start:web`: the app without Electron, in any browser on this PC.
 * Prints the URL (with its one-time token) on stdout; e2e tests read it from there.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dataDir = resolveDataDir(argv, process.env, () => join(homedir(), '.archive-room'));
  const testHooks = argv.includes('--test-hooks');
  const clock = new OffsetClock();
  const core = new ArchiveCore({ dataDir, clock, holder: { kind: 'web', detail: 'start:web' } });
  const portArg = argv.indexOf('--port');
  const host = await startWebHost({
    core,
    // Built: out/main/host.js → out/renderer. From source (tsx): electron/host → out/renderer.
    rendererDir: existsSync(join(__dirname, '../renderer/index.html')) ? join(__dirname, '../renderer') : join(__dirname, '../../out/renderer'),
    port: portArg >= 0 ? Number(argv[portArg + 1]) : 0,
    testClock: testHooks ? clock : undefined,
  });
  console.log(`Archive Room web host: ${host.url}`);
  console.log(`data folder: ${dataDir}`);
  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// Errors leave this process as words and an id, never as a stack with SQL parameters in it.
process.on('uncaughtException', (e) => {
  logInternalError('web host', e);
  process.exit(70);
});
process.on('unhandledRejection', (e) => logInternalError('web host', e));

main().catch((e: unknown) => {
  if (e instanceof AppError) console.error(`${e.zh}\n${e.en}`);
  else logInternalError('web host start', e);
  // 75 = temporary failure (sysexits): another process holds the folder; try again later.
  process.exit(e instanceof AppError && e.code === 'FOLDER_IN_USE' ? 75 : 1);
});
