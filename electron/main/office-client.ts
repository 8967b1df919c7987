import { BrowserWindow, dialog, session, type Session } from 'electron';
import type { OfficeLink } from '../../shared/domain/office-link';
import { certificateVerdict, clientRequestAllowed } from '../office/client-link';
import { mainWindowOptions } from './window-options';

/**
 * In-memory partition (no "persist:" prefix): no disk cache, no cookies, local storage or
 * IndexedDB on disk. Everything the client window holds ends with the process.
 */
export const OFFICE_PARTITION = 'office-client';
const RETRY_MS = 3000;

/**
 * The browser session of an office client. The decisions are in electron/office/client-link.ts;
 * this only wires them to Electron:
 * - certificates: only the pinned one, on the stored host (setCertificateVerifyProc);
 * - requests: only to the server's origin (a page from the server cannot fetch elsewhere);
 * - permissions: none, except writing plain text to the clipboard from the server's pages;
 * - downloads: only where the user chooses in the system save dialog; cancelled otherwise.
 */
export function officeSession(link: OfficeLink, getWindow: () => BrowserWindow | null): Session {
  const ses = session.fromPartition(OFFICE_PARTITION, { cache: false });
  ses.setCertificateVerifyProc((req, callback) => callback(certificateVerdict(link, req)));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !clientRequestAllowed(link, details.url) }));
  const origin = new URL(link.url).origin;
  const fromServer = (url: string) => {
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  ses.setPermissionRequestHandler((_wc, perm, callback, details) => callback(perm === 'clipboard-sanitized-write' && fromServer(details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, perm, requestingOrigin) => perm === 'clipboard-sanitized-write' && fromServer(requestingOrigin));
  ses.on('will-download', (_e, item) => {
    const win = getWindow();
    const opts = { defaultPath: item.getFilename() };
    const chosen = win ? dialog.showSaveDialogSync(win, opts) : dialog.showSaveDialogSync(opts);
    if (chosen) item.setSavePath(chosen);
    else item.cancel();
  });
  return ses;
}

/** The client window: the server's own renderer, in the office session, with the flag-only preload. */
export function openOfficeWindow(link: OfficeLink, preloadPath: string, packaged: boolean, getWindow: () => BrowserWindow | null): BrowserWindow {
  const opts = mainWindowOptions(preloadPath, packaged);
  const win = new BrowserWindow({ ...opts, webPreferences: { ...opts.webPreferences, session: officeSession(link, getWindow) } });
  win.once('ready-to-show', () => win.show());
  // The server is down, restarting, or not the pinned one: the window shows and says so in its
  // title, and tries again every few seconds (once loaded, the renderer's own offline banner takes over).
  win.webContents.on('did-fail-load', (_e, code, _desc, _url, isMainFrame) => {
    if (!isMainFrame || code === -3 /* ERR_ABORTED: a newer load replaced it */) return;
    win.setTitle(`档案室 Archive Room — 正在连接服务器 ${link.url}… / connecting to the server…`);
    win.show();
    setTimeout(() => {
      if (!win.isDestroyed()) void win.loadURL(`${link.url}/`);
    }, RETRY_MS);
  });
  win.webContents.on('did-finish-load', () => win.setTitle('档案室 Archive Room'));
  void win.loadURL(`${link.url}/`);
  return win;
}
