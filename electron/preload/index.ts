import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES } from '../../shared/contract';

/**
 * `window.archive.<area>.<action>(req)`, built from the contract's channel names only.
 * No raw ipcRenderer, no arbitrary channel: the renderer can call exactly the contract.
 */
const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
for (const name of CHANNEL_NAMES) {
  const [area, action] = name.split('.');
  api[area] ??= {};
  api[area][action] = (req: unknown) => ipcRenderer.invoke(name, req ?? {});
}
contextBridge.exposeInMainWorld('archive', Object.freeze(api));
