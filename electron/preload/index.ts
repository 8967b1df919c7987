import { contextBridge, ipcRenderer } from 'electron';

/**
 * The contract's channel names, written in at build time (electron.vite.config.ts) so this bundle
 * carries no zod and no schemas: validation happens in main, never here.
 */
declare const __CHANNEL_NAMES__: readonly string[];

/**
 * `window.archive.<area>.<action>(req)`, built from the contract's channel names only.
 * No raw ipcRenderer, no arbitrary channel: the renderer can call exactly the contract.
 */
const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
for (const name of __CHANNEL_NAMES__) {
  const [area, action] = name.split('.');
  api[area] ??= {};
  api[area][action] = (req: unknown) => ipcRenderer.invoke(name, req ?? {});
}
contextBridge.exposeInMainWorld('archive', Object.freeze(api));

/**
 * Beside the contract, one flag and one Electron-only step for the first-run screen: "connect to
 * the office archive". Main checks the sender, validates, and refuses once this PC keeps an archive.
 */
contextBridge.exposeInMainWorld(
  'archiveShell',
  Object.freeze({
    electron: true,
    officeClient: false,
    connectOffice: (input: { code?: string; url?: string; fingerprint?: string }) => ipcRenderer.invoke('office:connect', input),
  }),
);
