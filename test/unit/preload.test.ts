import { existsSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';

const BUNDLE = 'out/preload/index.js';
/** The office client's window: the server's pages, no IPC. */
const CLIENT_BUNDLE = 'out/preload/client.js';

/**
 * Runs the BUILT preload bundle (what Electron loads) against a recording stand-in for the two
 * Electron objects it may touch, and checks what the page would receive as `window.archive`.
 */
function loadPreload(bundle = BUNDLE) {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first (npm test does).`);
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; req: unknown }[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: { invoke: async (channel: string, req: unknown) => (invoked.push({ channel, req }), 'ok'), send: () => {}, on: () => {} },
  };
  const require = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  runInNewContext(readFileSync(bundle, 'utf8'), { require, module: { exports: {} }, exports: {} });
  return { exposed, invoked, required, electron };
}

describe('preload bundle', () => {
  it('exposes exactly the contract as window.archive, frozen, and beside it only the shell flag', () => {
    const { exposed, required } = loadPreload();
    expect([...exposed.keys()]).toEqual(['archive', 'archiveShell']);
    expect(required).toEqual(['electron']);
    const api = exposed.get('archive') as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(api)).toBe(true);
    const names = Object.entries(api).flatMap(([area, actions]) => Object.keys(actions).map((a) => `${area}.${a}`));
    expect(names.sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const actions of Object.values(api)) for (const fn of Object.values(actions)) expect(typeof fn).toBe('function');
  });

  it('each method invokes its own channel; no ipcRenderer object reaches the page', async () => {
    const { exposed, invoked, electron } = loadPreload();
    const api = exposed.get('archive') as Record<string, Record<string, (req?: unknown) => Promise<unknown>>>;
    await api.auth.status();
    await api.records.get({ id: 'x' });
    expect(invoked).toEqual([
      { channel: 'auth.status', req: {} },
      { channel: 'records.get', req: { id: 'x' } },
    ]);
    const seen = new Set<unknown>();
    const walk = (v: unknown) => {
      if (v && typeof v === 'object' && !seen.has(v)) {
        seen.add(v);
        Object.values(v).forEach(walk);
      }
    };
    walk(api);
    expect(seen.has(electron.ipcRenderer)).toBe(false);
  });

  it('carries no schema library (names only; main validates)', () => {
    const src = readFileSync(BUNDLE, 'utf8');
    expect(src.length).toBeLessThan(16 * 1024);
    expect(src).not.toMatch(/\bZodError\b|safeParse/);
  });

  it('the shell flag: Electron, not an office client, and one first-run step on its own channel', async () => {
    const { exposed, invoked } = loadPreload();
    const shell = exposed.get('archiveShell') as Record<string, unknown>;
    expect(Object.isFrozen(shell)).toBe(true);
    expect(Object.keys(shell).sort()).toEqual(['connectOffice', 'electron', 'officeClient']);
    expect(shell).toMatchObject({ electron: true, officeClient: false });
    await (shell.connectOffice as (i: unknown) => Promise<unknown>)({ code: 'archive-room://connect?x' });
    expect(invoked).toEqual([{ channel: 'office:connect', req: { code: 'archive-room://connect?x' } }]);
    expect(CHANNEL_NAMES).not.toContain('office:connect');
  });

  it("the office client's window gets the flag only: no contract, no IPC, no function at all", () => {
    const { exposed, required } = loadPreload(CLIENT_BUNDLE);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['archiveShell']);
    const shell = exposed.get('archiveShell') as Record<string, unknown>;
    expect(shell).toEqual({ electron: true, officeClient: true });
    expect(Object.isFrozen(shell)).toBe(true);
    expect(readFileSync(CLIENT_BUNDLE, 'utf8')).not.toMatch(/ipcRenderer/);
  });
});
