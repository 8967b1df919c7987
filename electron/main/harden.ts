import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl, navigationAllowed, permissionAllowed } from './window-options';

/**
 * App-wide guards: no navigation away from the app, no new windows, no webviews, every
 * permission request denied. Links to the web are not opened at all (no shell.openExternal).
 */
export function hardenApp(devServerUrl?: string, officeUrl: () => string | undefined = () => undefined): void {
  // An office client's window shows the pinned server's own pages: that one origin is "the app" too.
  const ok = (url: string) => isAppUrl(url, devServerUrl) || (!!officeUrl() && isAppUrl(url, officeUrl()));
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!ok(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!ok(url)) event.preventDefault();
    });
    // Sub-frames too (will-navigate sees only the top frame): an iframe cannot be sent to the web.
    contents.on('will-frame-navigate', (event) => {
      const office = officeUrl();
      if (!navigationAllowed(event.url, event.isMainFrame, devServerUrl) && !(office && navigationAllowed(event.url, event.isMainFrame, office)))
        event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, perm, callback, details) =>
      callback(permissionAllowed(perm, details.requestingUrl, devServerUrl)),
    );
    session.defaultSession.setPermissionCheckHandler((_wc, perm, origin) => permissionAllowed(perm, origin, devServerUrl));
  });
  void shell; // imported to make the policy explicit: we never call shell.openExternal
}
