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

let inFlight = 0;
let settled: (() => void)[] = [];

/**
 * Every call through one wrapper, whatever the transport: it counts the calls still out, so a big
 * background load can wait for the page's own data (whenCallsSettle).
 */
function counted(inner: ArchiveApi): ArchiveApi {
  const out: Record<string, Record<string, (req: unknown) => Promise<Result<unknown>>>> = {};
  const raw = inner as unknown as Record<string, Record<string, (req: unknown) => Promise<Result<unknown>>>>;
  for (const name of CHANNEL_NAMES) {
    const [area, action] = name.split('.');
    out[area] ??= {};
    out[area][action] = async (req: unknown) => {
      inFlight++;
      try {
        return await raw[area][action](req);
      } finally {
        if (--inFlight === 0) {
          const waiting = settled;
          settled = [];
          // After the callers' own continuations (their state updates) have run.
          setTimeout(() => waiting.forEach((fn) => fn()), 0);
        }
      }
    };
  }
  return out as unknown as ArchiveApi;
}

export const api: ArchiveApi = counted(window.archive ?? webTransport());
export const isElectron = !!window.archive;

/** Resolves once no call is out (at once when none is): big loads that can wait go after the page's own. */
export function whenCallsSettle(): Promise<void> {
  return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => settled.push(resolve));
}
