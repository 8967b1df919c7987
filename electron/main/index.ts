import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { join } from 'node:path';
import { z } from 'zod';
import type { OfficeLink } from '../../shared/domain/office-link';
import { AppError } from '../../shared/errors';
import { setFolderPicker, startBackupScheduler } from '../backup/backup-scheduler';
import { ArchiveCore } from '../core/archive-core';
import { logInternalError } from '../core/internal-log';
import { resolveDataDir } from '../core/paths';
import { checkOfficeServer, readOfficeLink, writeOfficeLink } from '../office/client-link';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { hardenApp } from './harden';
import { registerIpc } from './ipc-bridge';
import { openOfficeWindow } from './office-client';
import { APP_ORIGIN, isAppUrl, mainWindowOptions } from './window-options';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

/** What "connect to the office archive" sends from the first-run screen (the preload's connectOffice). */
const ConnectOffice = z
  .object({ code: z.string().max(2000).optional(), url: z.string().max(500).optional(), fingerprint: z.string().max(200).optional() })
  .strict();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  const dataDir = resolveDataDir(process.argv, process.env, () => app.getPath('userData'));
  // This PC's first-run choice: a stored office link makes it a client that keeps nothing (client-link.ts).
  let office: OfficeLink | null = readOfficeLink(dataDir);
  hardenApp(devServerUrl, () => office?.url);
  let win: BrowserWindow | null = null;
  /** Set while this PC keeps the archive: closes it before the app quits. */
  let closeArchive: (() => Promise<void>) | null = null;

  // Errors leave the main process as an id and a kind, never with SQL parameters in a stack.
  process.on('uncaughtException', (e) => logInternalError('main', e));
  process.on('unhandledRejection', (e) => logInternalError('main', e));

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  const officeWindow = (link: OfficeLink) => {
    win = openOfficeWindow(link, join(__dirname, '../preload/client.js'), app.isPackaged, () => win);
    const self = win;
    self.on('closed', () => {
      if (win === self) win = null;
    });
  };

  const keepArchive = async () => {
    const core = new ArchiveCore({ dataDir, holder: { kind: 'app' } });
    closeArchive = () => core.close();
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

    // First run only: "connect to the office archive" instead of keeping one here. Sender check →
    // schema → allowed only while this PC keeps no archive → the server is checked through the pin
    // → the link (address + fingerprint, nothing else) is stored → this window gives way to the
    // client window. Nothing is audited here: this PC has no archive, and the server has no user yet.
    ipcMain.handle('office:connect', async (event, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted = !!win && event.sender.id === win.webContents.id && !!frame && frame === event.sender.mainFrame && isAppUrl(frame.url, devServerUrl);
      if (!trusted) return { ok: false, error: { zh: '请求来源不可信。', en: 'The request did not come from the app.' } };
      const parsed = ConnectOffice.safeParse(payload);
      if (!parsed.success) return { ok: false, error: { zh: '输入有误。', en: 'The input is not valid.' } };
      if (core.isSetUp())
        return {
          ok: false,
          error: { zh: '本机已保管档案库，不能再改为连接办公室档案库。', en: 'This PC already keeps an archive; it cannot become an office client.' },
        };
      const r = await checkOfficeServer(parsed.data);
      if (!r.ok) return { ok: false, error: r.problem };
      writeOfficeLink(dataDir, r.link);
      office = r.link;
      const local = win;
      officeWindow(r.link);
      local?.close();
      closeArchive = null;
      await core.close();
      return { ok: true, value: { url: r.link.url } };
    });

    win = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'), app.isPackaged));
    const self = win;
    self.once('ready-to-show', () => self.show());
    self.on('closed', () => {
      if (win === self) win = null;
    });
    void self.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  };

  app.whenReady().then(async () => {
    // An office client opens no archive and claims no data folder: the server's pages, pinned.
    if (office) officeWindow(office);
    else await keepArchive();
  });

  app.on('window-all-closed', () => {
    void (closeArchive?.() ?? Promise.resolve()).finally(() => app.quit());
  });
}
