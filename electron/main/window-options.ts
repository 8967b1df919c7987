/** Pure data (no electron import) so tests can assert every hardening flag. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'archive';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * `packaged` is app.isPackaged: DevTools exist only in a development build. In an installed app
 * they would hand anyone at the desk a console inside the signed-in renderer.
 */
export function secureWebPreferences(preloadPath: string, packaged = true) {
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
    devTools: !packaged,
  };
}

export function mainWindowOptions(preloadPath: string, packaged = true) {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '档案室 Archive Room',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, packaged),
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

/** Chromium's built-in PDF viewer runs as this extension inside the frame that shows a PDF. */
export const PDF_VIEWER_ORIGIN = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai';

/**
 * The rule behind 'will-frame-navigate' (every frame, not only the top one). The main frame may
 * only go to the app itself. A sub-frame (the in-app PDF and image preview) may also show a blob:
 * the app made (blob:app://archive/…), an empty frame, and Chromium's PDF viewer; nothing from
 * the web, no file:, no javascript:, no data: documents.
 */
export function navigationAllowed(raw: string, isMainFrame: boolean, devServerUrl?: string): boolean {
  if (isAppUrl(raw, devServerUrl)) return true;
  if (isMainFrame) return false;
  if (raw === 'about:blank' || raw === 'about:srcdoc') return true;
  if (raw.startsWith('blob:')) return isAppUrl(raw.slice('blob:'.length), devServerUrl);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  // Node's URL gives chrome-extension: URLs the opaque origin "null": compare scheme and host.
  return `${u.protocol}//${u.host}` === PDF_VIEWER_ORIGIN;
}
