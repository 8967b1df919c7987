import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArchiveCore } from '../core/archive-core';
import type { OffsetClock } from '../core/clock';
import { dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { contentSecurityPolicy } from '../main/csp';
import { readStatic } from './static-files';

export interface WebHostOptions {
  core: ArchiveCore;
  rendererDir: string;
  port?: number;
  /** Only for e2e tests: exposes POST /__test/clock to move the injected clock. */
  testClock?: OffsetClock;
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and the same handler table over loopback HTTP, so the real UI runs
 * in a browser where Electron cannot. Trust = the per-launch token (sent as a header, never a
 * cookie) plus an exact Host/Origin match, which stops other sites and DNS rebinding.
 */
export async function startWebHost(o: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(32).toString('hex');
  const maxBody = o.maxBodyBytes ?? 100 * 1024 * 1024; // attachments travel as base64
  let origin = '';

  const server: Server = createServer((req, res) => {
    void route(req, res).catch(() => send(res, 500, 'text/plain', 'internal error'));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (`http://${host}` !== origin) return send(res, 421, 'text/plain', 'wrong host');
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const body = await readBody(req, maxBody);
      const trusted = tokenOk(req.headers['x-archive-token']) && (req.headers.origin === undefined || req.headers.origin === origin);
      const clientId = `web:${String(req.headers['x-archive-client'] ?? '').slice(0, 64)}`;
      let payload: unknown = undefined;
      try {
        payload = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        payload = Symbol('unparseable'); // fails schema parsing with a VALIDATION error
      }
      const result = await dispatch(o.core, handlers, { trusted, clientId }, decodeURIComponent(url.pathname.slice(5)), payload);
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    if (req.method === 'POST' && url.pathname === '/__test/clock' && o.testClock && tokenOk(req.headers['x-archive-token'])) {
      const { advanceMs, setMs, freeze } = JSON.parse((await readBody(req, 1024)).toString('utf8')) as { advanceMs?: number; setMs?: number; freeze?: boolean };
      if (typeof setMs === 'number') o.testClock.set(setMs, freeze === true);
      o.testClock.advance(Number(advanceMs) || 0);
      await o.core.sweepIdle();
      return send(res, 200, 'application/json', JSON.stringify({ now: o.testClock.now() }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    // Client-side routes fall back to index.html; files outside the folder are never served.
    const file = readStatic(o.rendererDir, url.pathname) ?? (extnameLess(url.pathname) ? readStatic(o.rendererDir, '/index.html') : null);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    return send(res, 200, file.type, file.body);
  }

  function tokenOk(h: string | string[] | undefined): boolean {
    if (typeof h !== 'string') return false;
    const a = Buffer.from(h);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  o.core.startIdleTimer(5_000);
  return {
    url: `${origin}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // browsers keep connections alive; do not wait for them
      }),
  };
}

function extnameLess(p: string): boolean {
  return !/\.[a-z0-9]+$/i.test(p);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > max) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
