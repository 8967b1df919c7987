import { CHANNEL_NAMES, type ArchiveApi } from '../../../shared/contract';
import { ERROR_MESSAGES, type Result } from '../../../shared/errors';
import { markConnection } from './connection';
import { pcName } from './pc-name';

declare global {
  interface Window {
    archive?: ArchiveApi;
  }
}

/**
 * The transport switch: in Electron the preload provides `window.archive` over IPC; in a browser
 * the same object is built here over HTTP — loopback with the per-launch token (web host), or
 * HTTPS with a session cookie (office server). Nothing else differs.
 */
function webTransport(): ArchiveApi {
  const office = location.protocol === 'https:';
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('archive-token', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem('archive-token') ?? '';
  let client = sessionStorage.getItem('archive-client');
  if (!client) {
    client = crypto.randomUUID();
    sessionStorage.setItem('archive-client', client);
  }
  const api: Record<string, Record<string, (req: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of CHANNEL_NAMES) {
    const [area, action] = name.split('.');
    api[area] ??= {};
    api[area][action] = async (req: unknown) => {
      let res: Response;
      try {
        res = await fetch(`/api/${name}`, {
          method: 'POST',
          // The office server (https) knows this browser by its HttpOnly cookie; the loopback host by token + client id.
          headers: office
            ? { 'content-type': 'application/json', ...(pcName() ? { 'x-archive-client-name': encodeURIComponent(pcName()) } : {}) }
            : { 'content-type': 'application/json', 'x-archive-token': token, 'x-archive-client': client! },
          body: JSON.stringify(req ?? {}),
        });
      } catch {
        // The server is down or restarting (or the line dropped mid-call, so it may have been done).
        markConnection(false);
        return { ok: false, error: { code: 'OFFLINE', ...ERROR_MESSAGES.OFFLINE } };
      }
      markConnection(true);
      try {
        return (await res.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', ...ERROR_MESSAGES.INTERNAL } };
      }
    };
  }
  return api as unknown as ArchiveApi;
}

export const api: ArchiveApi = window.archive ?? webTransport();
export const isElectron = !!window.archive;
