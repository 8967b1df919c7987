import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { ArchiveCore } from '../core/archive-core';
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
  const core = new ArchiveCore({ dataDir });
  let win: BrowserWindow | null = null;

  const createWindow = () => {
    win = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')));
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

  app.whenReady().then(() => {
    serveAppScheme(join(__dirname, '../renderer'));
    registerIpc(core, () => win, devServerUrl);
    core.startIdleTimer();
    createWindow();
  });

  app.on('window-all-closed', () => {
    void core.close().finally(() => app.quit());
  });
}
