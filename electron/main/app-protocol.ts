import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveStatic } from '../host/static-files';
import { contentSecurityPolicy } from './csp';
import { APP_HOST, APP_SCHEME } from './window-options';

/**
 * Must run before app 'ready'. `codeCache`: V8 keeps the scripts' compiled code in the user-data folder,
 * so later starts and a screen's first opening skip compiling it (Chromium does so for http(s) only unless asked).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** app://archive/… → files in the built renderer folder, never outside it. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const hit = resolveStatic(rendererDir, url.pathname) ?? resolveStatic(rendererDir, '/index.html');
    if (!hit) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(hit.file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-type', hit.type);
    headers.set('content-security-policy', contentSecurityPolicy());
    return new Response(res.body, { status: 200, headers });
  });
}
