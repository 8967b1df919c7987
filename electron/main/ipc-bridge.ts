import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../../shared/contract';
import type { ArchiveCore } from '../core/archive-core';
import { dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { isAppUrl } from './window-options';

/** Registers every contract channel; the sender must be our window's top frame on app://. */
export function registerIpc(core: ArchiveCore, getWindow: () => BrowserWindow | null, devServerUrl?: string): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, payload: unknown) => {
      const win = getWindow();
      const frame = event.senderFrame;
      const trusted = !!win && event.sender.id === win.webContents.id && !!frame && frame === event.sender.mainFrame && isAppUrl(frame.url, devServerUrl);
      return dispatch(core, handlers, { trusted, clientId: `electron:${event.sender.id}` }, name, payload);
    });
  }
}
