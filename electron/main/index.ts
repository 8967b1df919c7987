import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { setFolderPicker, startBackupScheduler } from '../backup/backup-scheduler';
import { ArchiveCore } from '../core/archive-core';
import { logInternalError } from '../core/internal-log';
import { resolveDataDir } from '../core/paths';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { hardenApp } from './harden';
import { registerIpc } from './ipc-bridge';
import { APP_ORIGIN, mainWindowOptions } from './window-options';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenApp(devServerUrl);
  const dataDir = resolveDataDir(process.argv, process.env, () => app.getPath('userData'));
  const core = new ArchiveCore({ dataDir, holder: { kind: 'app' } });
  let win: BrowserWindow | null = null;

  // Errors leave the main process as an id and a kind, never with SQL parameters in a stack.
  process.on('uncaughtException', (e) => logInternalError('main', e));
  process.on('unhandledRejection', (e) => logInternalError('main', e));

  const createWindow = () => {
    win = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'), app.isPackaged));
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => (win = null));
    void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  };

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(async () => {
    // One process per data folder: a web host or CLI already in it is named, and the app quits.
    try {
      await core.claimDataFolder();
    } catch (e) {
      const m = e instanceof AppError ? e : null;
      dialog.showErrorBox('档案室 Archive Room', m ? `${m.zh}\n\n${m.en}` : '无法打开数据文件夹。\n\nThe data folder cannot be opened.');
      if (!m) logInternalError('main start', e);
      app.quit();
      return;
    }
    serveAppScheme(join(__dirname, '../renderer'));
    registerIpc(core, () => win, devServerUrl);
    core.startIdleTimer();
    startBackupScheduler(core);
    // The backup folder chooser: the system dialog, owned by our window.
    setFolderPicker(async () => {
      const opts = { properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    });
    createWindow();
  });

  app.on('window-all-closed', () => {
    void core.close().finally(() => app.quit());
  });
}
