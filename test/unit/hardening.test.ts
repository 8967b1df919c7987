import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { APP_ORIGIN, isAppUrl, mainWindowOptions, navigationAllowed, permissionAllowed, secureWebPreferences } from '../../electron/main/window-options';

/**
 * Electron hardening, tested through behaviour: the pure rules (window-options.ts, csp.ts) with
 * tables of inputs and answers, and the main-process wiring (harden.ts, app-protocol.ts, the
 * single-instance lock in index.ts) against a stand-in `electron` module that records what the
 * code registers, so each guard is called the way Electron would call it. Only what needs a real
 * Electron runtime (the window's effective preferences, the page having no Node) stays in
 * test/e2e/electron.spec.ts.
 */

type Listener = (...args: never[]) => unknown;
const fake = vi.hoisted(() => ({
  appListeners: new Map<string, Listener[]>(),
  ready: Promise.resolve() as Promise<void>,
  lock: true,
  quit: vi.fn(),
  openExternal: vi.fn(),
  schemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  permissionRequest: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void),
  permissionCheck: null as null | ((wc: unknown, perm: string, origin: string) => boolean),
  userData: '',
  reset() {
    this.appListeners.clear();
    this.ready = Promise.resolve();
    this.lock = true;
    this.quit.mockReset();
    this.openExternal.mockReset();
    this.schemes = [];
    this.protocolHandlers.clear();
    this.permissionRequest = null;
    this.permissionCheck = null;
  },
}));

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    on: (event: string, fn: Listener) => void fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), fn]),
    whenReady: () => fake.ready,
    requestSingleInstanceLock: () => fake.lock,
    quit: fake.quit,
    getPath: () => fake.userData,
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof fake.permissionRequest) => void (fake.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof fake.permissionCheck) => void (fake.permissionCheck = fn),
    },
  },
  shell: { openExternal: fake.openExternal },
  protocol: {
    registerSchemesAsPrivileged: (s: typeof fake.schemes) => void fake.schemes.push(...s),
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => void fake.protocolHandlers.set(scheme, fn),
  },
  // Electron's net.fetch of a file: URL, enough for app-protocol.ts.
  net: { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url))) },
  BrowserWindow: vi.fn(),
  dialog: { showErrorBox: vi.fn() },
}));

/** A WebContents stand-in: records listeners and the window-open handler. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on(event: string, fn: Listener) {
      listeners.set(event, fn);
      return this;
    },
    setWindowOpenHandler(fn: typeof openHandler) {
      openHandler = fn;
    },
    /** Emits `event` as Electron would; true when the handler cancelled it. */
    emit(event: string, url: string, extra: Record<string, unknown> = {}): boolean {
      const fn = listeners.get(event);
      if (!fn) throw new Error(`no '${event}' listener: the guard is not wired`);
      const ev = { preventDefault: vi.fn(), url, ...extra };
      (fn as (e: typeof ev, url: string) => void)(ev, url);
      return ev.preventDefault.mock.calls.length > 0;
    },
    openWindow(url: string) {
      if (!openHandler) throw new Error('no window-open handler: new windows are not guarded');
      return openHandler({ url });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

describe('window options', () => {
  it('web preferences: isolation, sandbox, no node, no webview; DevTools only when not packaged', () => {
    const p = secureWebPreferences('/x/preload.js');
    expect(p).toMatchObject({
      preload: '/x/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(secureWebPreferences('/x/preload.js', false).devTools).toBe(true);
    expect(mainWindowOptions('/x/preload.js').webPreferences).toEqual(p);
    expect(mainWindowOptions('/x/preload.js', false).webPreferences.devTools).toBe(true);
  });
});

describe('isAppUrl: only the exact app origin (or the dev server in development)', () => {
  const DEV = 'http://localhost:5173';
  it.each([
    ['app://archive/index.html', undefined, true],
    ['app://archive/', undefined, true],
    ['app://archive/assets/x.js?v=1#top', undefined, true],
    ['file:///etc/passwd', undefined, false],
    ['https://archive/', undefined, false],
    ['app://archive.evil.com/', undefined, false],
    ['app://evil/app://archive/', undefined, false],
    ['app://archive@evil/', undefined, false],
    ['app://archive:8080/', undefined, false],
    ['https://evil.com/?app://archive/', undefined, false],
    ['javascript:alert(1)', undefined, false],
    ['blob:app://archive/1234', undefined, false],
    ['not a url', undefined, false],
    ['', undefined, false],
    ['http://127.0.0.1:5173/', undefined, false],
    ['http://localhost:5173/x', DEV, true],
    ['http://localhost:5174/x', DEV, false],
    ['https://localhost:5173/x', DEV, false],
    ['http://localhost.evil.com:5173/', DEV, false],
    ['app://archive/index.html', DEV, true],
  ])('%j (dev server %s) → %s', (url, dev, expected) => {
    expect(isAppUrl(url, dev)).toBe(expected);
  });
});

describe('navigationAllowed: where a frame may go', () => {
  const PDF = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html';
  it.each([
    // main frame: the app and nothing else
    ['app://archive/index.html', true, true],
    ['https://example.com/', true, false],
    ['about:blank', true, false],
    ['blob:app://archive/1234', true, false],
    [PDF, true, false],
    ['file:///C:/Windows/win.ini', true, false],
    // sub-frames (the PDF / image preview)
    ['app://archive/index.html', false, true],
    ['about:blank', false, true],
    ['about:srcdoc', false, true],
    ['blob:app://archive/1234-5678', false, true],
    ['blob:https://evil.example/1234', false, false],
    ['blob:null/1234', false, false],
    ['https://example.com/', false, false],
    ['http://127.0.0.1:8080/', false, false],
    ['file:///etc/passwd', false, false],
    ['javascript:alert(1)', false, false],
    ['data:text/html,<script>alert(1)</script>', false, false],
    ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x.html', false, false],
    ['about:blank#x', false, false],
    ['not a url', false, false],
  ])('%j, main frame %s → %s', (url, isMainFrame, expected) => {
    expect(navigationAllowed(url, isMainFrame)).toBe(expected);
  });

  // Known defect, kept visible: the rule compares `new URL(raw).origin` with the PDF viewer's
  // origin, but Node's URL (the main process's) gives every chrome-extension: URL the origin
  // "null", so the viewer frame is refused too. When the rule is fixed this test starts failing:
  // then turn it into a plain row of the table above.
  it('a sub-frame may show Chromium\'s PDF viewer (scheme and host compared: URL.origin is "null" for chrome-extension:)', () => {
    expect(navigationAllowed(PDF, false)).toBe(true);
    expect(navigationAllowed(PDF, true)).toBe(false);
    expect(navigationAllowed(PDF.replace('mhjfbmdgcfjbbpaeojofohoefgiehjai', 'aaaabbbbccccddddeeeeffffgggghhhh'), false)).toBe(false);
  });

  it.each([
    ['http://localhost:5173/index.html', true, true],
    ['blob:http://localhost:5173/abcd', false, true],
    ['http://localhost:5174/index.html', true, false],
    ['blob:http://localhost:5174/abcd', false, false],
  ])('with the dev server: %j, main frame %s → %s', (url, isMainFrame, expected) => {
    expect(navigationAllowed(url, isMainFrame, 'http://localhost:5173')).toBe(expected);
  });
});

describe('permissionAllowed: only a clipboard write from the app itself', () => {
  it.each([
    ['clipboard-sanitized-write', 'app://archive/index.html', undefined, true],
    ['clipboard-sanitized-write', 'http://localhost:5173/', 'http://localhost:5173', true],
    ['clipboard-sanitized-write', 'https://evil.example/', undefined, false],
    ['clipboard-sanitized-write', 'app://archive.evil/', undefined, false],
    ['clipboard-sanitized-write', 'http://localhost:5173/', undefined, false],
    ['clipboard-sanitized-write', '', undefined, false],
    ['clipboard-read', 'app://archive/index.html', undefined, false],
    ['media', 'app://archive/index.html', undefined, false],
    ['notifications', 'app://archive/index.html', undefined, false],
    ['geolocation', 'app://archive/index.html', undefined, false],
    ['openExternal', 'app://archive/index.html', undefined, false],
    ['fullscreen', 'app://archive/index.html', undefined, false],
    ['pointerLock', 'app://archive/index.html', undefined, false],
    ['unknown', 'app://archive/index.html', undefined, false],
  ])('%s from %j (dev %s) → %s', (perm, url, dev, expected) => {
    expect(permissionAllowed(perm, url, dev)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Content-Security-Policy, parsed and evaluated
// ---------------------------------------------------------------------------------------------

/** Directive name → source list. A repeated directive is an error (browsers ignore the second). */
function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    const key = name.toLowerCase();
    if (out.has(key)) throw new Error(`directive ${key} appears twice`);
    out.set(key, sources);
  }
  return out;
}

/** Fetch directives fall back to default-src; document and navigation directives do not. */
const FALLS_BACK = new Set(['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'frame-src', 'object-src', 'media-src', 'manifest-src']);

/**
 * Whether `policy` lets `directive` use `what`: a keyword ('unsafe-inline', 'unsafe-eval') or a URL
 * loaded by a page whose own origin is `self`. Enough of CSP level 3 for the sources this app uses
 * ('none', 'self', scheme sources, exact origins).
 */
function cspAllows(policy: string, directive: string, what: string, self = APP_ORIGIN): boolean {
  const d = parseCsp(policy);
  const list = d.get(directive) ?? (FALLS_BACK.has(directive) ? d.get('default-src') : undefined);
  if (!list) return true;
  if (list.includes("'none'")) return false;
  if (what.startsWith("'")) return list.includes(what);
  const url = new URL(what);
  return list.some((s) => {
    // Node's URL gives non-http(s) schemes the origin "null": compare scheme and host instead.
    const origin = (u: URL) => `${u.protocol}//${u.host}`;
    if (s === "'self'") return origin(url) === self && url.protocol !== 'blob:' && url.protocol !== 'data:';
    if (/^[a-z][a-z0-9+.-]*:$/i.test(s)) return url.protocol === s.toLowerCase();
    if (s.includes('://')) return origin(url) === origin(new URL(s));
    return false;
  });
}

describe('Content-Security-Policy', () => {
  it('has exactly these directives, each once', () => {
    expect(Object.fromEntries(parseCsp(contentSecurityPolicy()))).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'frame-src': ["'self'", 'blob:'],
      'object-src': ["'self'", 'blob:'],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });

  const PAGE = 'app://archive';
  it.each([
    ['script-src', `${PAGE}/assets/index-abc.js`, true],
    ['script-src', "'unsafe-inline'", false],
    ['script-src', "'unsafe-eval'", false],
    ['script-src', "'wasm-unsafe-eval'", false],
    ['script-src', 'data:text/javascript,alert(1)', false],
    ['script-src', `blob:${PAGE}/1234`, false],
    ['script-src', 'https://cdn.example/lib.js', false],
    ['style-src', "'unsafe-inline'", true], // antd's cssinjs <style> elements
    ['style-src', 'https://fonts.example/x.css', false],
    ['img-src', 'data:image/png;base64,AAAA', true],
    ['img-src', `blob:${PAGE}/1234`, true],
    ['img-src', 'https://tracker.example/p.gif', false],
    ['font-src', 'data:font/woff2;base64,AAAA', true],
    ['font-src', 'https://fonts.example/a.woff2', false],
    ['connect-src', `${PAGE}/api`, true],
    ['connect-src', 'https://evil.example/collect', false],
    ['connect-src', 'ws://127.0.0.1:5173/', false],
    ['frame-src', `blob:${PAGE}/pdf-1`, true],
    ['frame-src', 'https://evil.example/', false],
    ['frame-src', 'data:text/html,hi', false],
    ['object-src', `blob:${PAGE}/pdf-1`, true],
    ['object-src', 'https://evil.example/x.pdf', false],
    ['media-src', `${PAGE}/a.mp3`, false], // not listed: default-src 'none'
    ['manifest-src', `${PAGE}/manifest.json`, false],
    ['base-uri', `${PAGE}/`, false],
    ['form-action', `${PAGE}/submit`, false],
    ['frame-ancestors', 'https://evil.example/', false],
  ])('%s %s → %s', (directive, what, expected) => {
    expect(cspAllows(contentSecurityPolicy(), directive, what, PAGE)).toBe(expected);
  });

  it("the web host's connect-src argument changes connect-src only", () => {
    const policy = contentSecurityPolicy("'self' ws://127.0.0.1:5173");
    expect(cspAllows(policy, 'connect-src', 'ws://127.0.0.1:5173/hmr')).toBe(true);
    expect(cspAllows(policy, 'connect-src', 'ws://127.0.0.1:5174/hmr')).toBe(false);
    const others = (p: string) => Object.fromEntries([...parseCsp(p)].filter(([k]) => k !== 'connect-src'));
    expect(others(policy)).toEqual(others(contentSecurityPolicy()));
  });

  it("the page's own <meta> policy is the same, less frame-ancestors (which <meta> cannot set)", () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'renderer/index.html declares a CSP').not.toBeNull();
    const header = parseCsp(contentSecurityPolicy());
    header.delete('frame-ancestors');
    expect(Object.fromEntries(parseCsp(meta![1]))).toEqual(Object.fromEntries(header));
  });
});

// ---------------------------------------------------------------------------------------------
// Main-process wiring, driven through the stand-in electron module
// ---------------------------------------------------------------------------------------------

describe('hardenApp: every web contents is guarded as Electron creates it', () => {
  beforeEach(() => fake.reset());

  async function hardened(dev?: string) {
    fake.reset();
    vi.resetModules();
    const { hardenApp } = await import('../../electron/main/harden');
    hardenApp(dev);
    await fake.ready;
    await Promise.resolve(); // the whenReady().then(...) callback
    const created = fake.appListeners.get('web-contents-created') ?? [];
    expect(created, 'a web-contents-created listener').toHaveLength(1);
    const wc = fakeContents();
    (created[0] as (e: unknown, wc: unknown) => void)({}, wc);
    return wc;
  }

  it.each([
    ['will-navigate', 'app://archive/index.html', false],
    ['will-navigate', 'https://evil.example/', true],
    ['will-navigate', 'file:///etc/passwd', true],
    ['will-navigate', 'app://archive.evil/', true],
    ['will-redirect', 'app://archive/records', false],
    ['will-redirect', 'https://evil.example/', true],
    ['will-redirect', 'http://localhost:5173/', true],
  ])('%s to %j is cancelled: %s', async (event, url, cancelled) => {
    const wc = await hardened();
    expect(wc.emit(event, url)).toBe(cancelled);
  });

  it.each([
    ['app://archive/index.html', true, false],
    ['https://evil.example/', true, true],
    ['blob:app://archive/pdf-1', false, false],
    ['about:blank', false, false],
    ['https://evil.example/', false, true],
    ['data:text/html,x', false, true],
  ])('will-frame-navigate to %j (main frame %s) is cancelled: %s', async (url, isMainFrame, cancelled) => {
    const wc = await hardened();
    expect(wc.emit('will-frame-navigate', url, { isMainFrame })).toBe(cancelled);
  });

  it('the dev server counts as the app only when hardenApp was given it', async () => {
    expect((await hardened('http://localhost:5173')).emit('will-navigate', 'http://localhost:5173/x')).toBe(false);
    expect((await hardened()).emit('will-navigate', 'http://localhost:5173/x')).toBe(true);
  });

  it("an office client's pinned server counts as the app only while this PC is its client, and only that origin", async () => {
    fake.reset();
    vi.resetModules();
    const { hardenApp } = await import('../../electron/main/harden');
    const office: { url?: string } = {};
    hardenApp(undefined, () => office.url);
    await fake.ready;
    await Promise.resolve();
    const wc = fakeContents();
    (fake.appListeners.get('web-contents-created')![0] as (e: unknown, wc: unknown) => void)({}, wc);
    expect(wc.emit('will-navigate', 'https://192.168.1.10:8443/')).toBe(true);
    office.url = 'https://192.168.1.10:8443';
    expect(wc.emit('will-navigate', 'https://192.168.1.10:8443/')).toBe(false);
    expect(wc.emit('will-frame-navigate', 'blob:https://192.168.1.10:8443/pdf-1', { isMainFrame: false })).toBe(false);
    for (const url of ['https://192.168.1.10:8444/', 'http://192.168.1.10:8443/', 'https://192.168.1.11:8443/']) {
      expect(wc.emit('will-navigate', url)).toBe(true);
      expect(wc.emit('will-frame-navigate', url, { isMainFrame: false })).toBe(true);
    }
  });

  it('webviews are never attached and no window is ever opened (nor handed to the system browser)', async () => {
    const wc = await hardened();
    expect(wc.emit('will-attach-webview', 'app://archive/index.html')).toBe(true);
    for (const url of ['app://archive/index.html', 'https://example.com/', 'mailto:a@b.c']) expect(wc.openWindow(url)).toEqual({ action: 'deny' });
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    ['clipboard-sanitized-write', 'app://archive/index.html', true],
    ['clipboard-sanitized-write', 'https://evil.example/', false],
    ['media', 'app://archive/index.html', false],
    ['notifications', 'app://archive/index.html', false],
    ['geolocation', 'app://archive/index.html', false],
  ])('the session answers a %s request from %j with %s (request and check)', async (perm, url, ok) => {
    await hardened();
    expect(fake.permissionRequest, 'permission request handler').not.toBeNull();
    expect(fake.permissionCheck, 'permission check handler').not.toBeNull();
    const cb = vi.fn();
    fake.permissionRequest!({}, perm, cb, { requestingUrl: url });
    expect(cb.mock.calls).toEqual([[ok]]);
    expect(fake.permissionCheck!({}, perm, url)).toBe(ok);
  });
});

describe('app:// protocol: files of the built renderer only, with the CSP header', () => {
  const root = join(tmpdir(), `archive-protocol-${process.pid}`);
  const renderer = join(root, 'renderer');
  let handle: (req: Request) => Promise<Response>;

  beforeEach(async () => {
    fake.reset();
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><p>INDEX</p>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("APP")');
    writeFileSync(join(root, 'secret.txt'), 'SECRET');
    vi.resetModules();
    const { registerAppScheme, serveAppScheme } = await import('../../electron/main/app-protocol');
    registerAppScheme();
    serveAppScheme(renderer);
    handle = fake.protocolHandlers.get('app')!;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('registers app: as a standard, secure scheme with a code cache and handles it', () => {
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(handle).toBeTypeOf('function');
  });

  it.each([
    ['app://archive/assets/app.js', 200, 'text/javascript; charset=utf-8', 'console.log("APP")'],
    ['app://archive/index.html', 200, 'text/html; charset=utf-8', '<!doctype html><p>INDEX</p>'],
    // Unknown paths are the single-page app's routes: they get index.html, never a file outside.
    ['app://archive/records/123', 200, 'text/html; charset=utf-8', '<!doctype html><p>INDEX</p>'],
    ['app://archive/../secret.txt', 200, 'text/html; charset=utf-8', '<!doctype html><p>INDEX</p>'],
    ['app://archive/%2e%2e/secret.txt', 200, 'text/html; charset=utf-8', '<!doctype html><p>INDEX</p>'],
    ['app://archive/..%2fsecret.txt', 200, 'text/html; charset=utf-8', '<!doctype html><p>INDEX</p>'],
    ['app://archive/assets/..%5c..%5csecret.txt', 200, 'text/html; charset=utf-8', '<!doctype html><p>INDEX</p>'],
    ['app://evil/index.html', 404, null, 'not found'],
  ])('%s → %i', async (url, status, type, body) => {
    const res = await handle(new Request(url));
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).toBe(body);
    expect(text).not.toContain('SECRET');
    if (status === 200) {
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    }
  });
});

describe('main process start: one instance per user session', () => {
  // index.ts adds process-wide error listeners; they are removed again after each start.
  const uncaught = process.listeners('uncaughtException');
  const rejections = process.listeners('unhandledRejection');
  beforeEach(() => {
    fake.reset();
    fake.userData = join(tmpdir(), `archive-main-${process.pid}`);
    // index.ts makes its ArchiveCore in the folder --data-dir / ARCHIVE_ROOM_DATA name: never a real one here.
    vi.stubEnv('ARCHIVE_ROOM_DATA', '');
    // The app never gets ready here: only what index.ts does before 'ready' is under test.
    fake.ready = new Promise<void>(() => {});
  });
  afterEach(() => {
    for (const fn of process.listeners('uncaughtException')) if (!uncaught.includes(fn)) process.off('uncaughtException', fn);
    for (const fn of process.listeners('unhandledRejection')) if (!rejections.includes(fn)) process.off('unhandledRejection', fn);
    rmSync(fake.userData, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  it('a second instance quits at once and registers nothing', async () => {
    fake.lock = false;
    vi.resetModules();
    await import('../../electron/main/index');
    expect(fake.quit).toHaveBeenCalledTimes(1);
    expect(fake.schemes).toEqual([]);
    expect([...fake.appListeners.keys()]).toEqual([]);
  });

  it('the first instance keeps running, registers app:// and the guards, and listens for a second start', async () => {
    fake.lock = true;
    vi.resetModules();
    await import('../../electron/main/index');
    expect(fake.quit).not.toHaveBeenCalled();
    expect(fake.schemes.map((s) => s.scheme)).toEqual(['app']);
    expect([...fake.appListeners.keys()].sort()).toEqual(['second-instance', 'web-contents-created', 'window-all-closed']);
  });
});

describe('electron-builder configuration', () => {
  it('fuses locked down, NSIS keeps user data on uninstall, asar without smart unpack', () => {
    const cfg = parse(readFileSync('electron-builder.yml', 'utf8'));
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(cfg.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(cfg.nsis.oneClick).toBe(false);
    // asar on; smartUnpack off so only the listed .node files leave it.
    expect(cfg.asar === true || (typeof cfg.asar === 'object' && cfg.asar.smartUnpack === false)).toBe(true);
  });
});
