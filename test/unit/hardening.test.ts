import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { isAppUrl, mainWindowOptions, permissionAllowed, secureWebPreferences } from '../../electron/main/window-options';

describe('Electron hardening', () => {
  it('web preferences: isolation, sandbox, no node, no webview', () => {
    const p = secureWebPreferences('/x/preload.js');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(mainWindowOptions('/x/preload.js').webPreferences).toEqual(p);
  });

  it('only app://archive (exact origin) counts as the app; look-alikes do not', () => {
    expect(isAppUrl('app://archive/index.html')).toBe(true);
    for (const u of [
      'file:///etc/passwd',
      'https://archive/',
      'app://archive.evil.com/',
      'app://evil/app://archive/',
      'https://evil.com/?app://archive/',
      'javascript:alert(1)',
      'not a url',
      'http://127.0.0.1:5173/',
    ]) {
      expect(isAppUrl(u), u).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });

  it('CSP: nothing by default, scripts only from self, no inline script, no eval', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    const html = readFileSync('renderer/index.html', 'utf8');
    expect(html).toContain("default-src 'none'; script-src 'self'");
  });

  it('main process: single instance, permission denial, navigation and window guards are wired', () => {
    const main = readFileSync('electron/main/index.ts', 'utf8');
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toMatch(/APP_ORIGIN/);
    expect(main).not.toContain('file://');
    const harden = readFileSync('electron/main/harden.ts', 'utf8');
    for (const s of ['will-navigate', 'will-redirect', 'will-attach-webview', "setWindowOpenHandler(() => ({ action: 'deny' }))", 'setPermissionRequestHandler', 'setPermissionCheckHandler', 'permissionAllowed(']) {
      expect(harden, s).toContain(s);
    }
    expect(harden).not.toMatch(/openExternal\(/);
  });

  it('permission requests: only a clipboard write from the app itself is allowed', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://archive/index.html')).toBe(true);
    for (const [perm, url] of [
      ['clipboard-sanitized-write', 'https://evil.example/'],
      ['clipboard-read', 'app://archive/index.html'],
      ['media', 'app://archive/index.html'],
      ['notifications', 'app://archive/index.html'],
      ['geolocation', 'app://archive/index.html'],
      ['openExternal', 'app://archive/index.html'],
    ]) {
      expect(permissionAllowed(perm, url), `${perm} ${url}`).toBe(false);
    }
  });

  it('electron-builder: fuses locked down, NSIS keeps user data on uninstall', () => {
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
