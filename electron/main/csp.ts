/**
 * Content-Security-Policy for the renderer, whether served by app:// or the web host.
 * antd (cssinjs) injects <style> elements, hence 'unsafe-inline' for styles only.
 * blob: lets the in-app PDF preview show documents made by the Node side.
 */
export function contentSecurityPolicy(connectSrc = "'self'"): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "frame-src 'self' blob:",
    "object-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
