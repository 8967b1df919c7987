/** Pure data (no electron import) so tests can assert every hardening flag. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'archive';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
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
    spellcheck: false,
    // Chromium's own PDF viewer, for the in-app preview of covers, slips and registers (blob: URLs).
    plugins: true,
    devTools: process.env.NODE_ENV === 'development',
  } as const;
}

export function mainWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '档案室 Archive Room',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Exact origin comparison on a parsed URL; substring checks are how apps get navigated away. */
export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
  if (devServerUrl) {
    const d = new URL(devServerUrl);
    return u.origin === d.origin;
  }
  return false;
}

/**
 * Permission requests from web content: everything is denied except writing plain text to the
 * clipboard from the app itself (the recovery key's copy button). Camera, microphone,
 * notifications, geolocation, reading the clipboard … are all refused.
 */
export function permissionAllowed(permission: string, requestingUrl: string, devServerUrl?: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, devServerUrl);
}
