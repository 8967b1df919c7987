import { contextBridge } from 'electron';

/**
 * The preload of an office client's window (electron/main/office-client.ts), which shows the
 * server's renderer over HTTPS. It exposes no IPC at all: the page talks to the server like any
 * browser on the office network. Only a flag, so the renderer knows it runs in the Electron client.
 */
contextBridge.exposeInMainWorld('archiveShell', Object.freeze({ electron: true, officeClient: true }));
