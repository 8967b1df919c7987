import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERR } from '../../shared/error-texts';
import { startBackupScheduler } from '../backup/backup-scheduler';
import type { ArchiveCore } from '../core/archive-core';
import { logInternalError } from '../core/internal-log';
import type { OffsetClock } from '../core/clock';
import { dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { BodyTooLarge, extnameLess, readBody, refuse, send } from './http-replies';
import { readStatic } from './static-files';

export interface WebHostOptions {
  core: ArchiveCore;
  rendererDir: string;
  port?: number;
  /** Only for e2e tests: exposes POST /__test/clock to move the injected clock. */
  testClock?: OffsetClock;
  /** Body limit for a client with a signed-in session (attachments travel as base64). */
  maxBodyBytes?: number;
  /** Body limit for everyone else: sign-in, setup, recovery and status are small. */
  maxPublicBodyBytes?: number;
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
 *
 * Every check that needs only the headers runs before a byte of the body is read: a wrong host,
 * token or origin is answered at once, and the body of a client without a signed-in session is
 * capped at a few KiB, so nobody without the token (or without a password) can make the host
 * buffer anything.
 */
export async function startWebHost(o: WebHostOptions): Promise<WebHost> {
  // The web host is a process holding the data folder, like the app and the CLI.
  await o.core.claimDataFolder();
  const token = randomBytes(32).toString('hex');
  const maxBody = o.maxBodyBytes ?? 100 * 1024 * 1024; // attachments travel as base64
  const maxPublicBody = o.maxPublicBodyBytes ?? 8 * 1024;
  let origin = '';

  const server: Server = createServer((req, res) => {
    void route(req, res).catch((e: unknown) => {
      if (e instanceof BodyTooLarge) return refuse(req, res, 413, 'VALIDATION', ERR.host.bodyTooLarge);
      logInternalError('web host', e);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (`http://${host}` !== origin) return refuse(req, res, 421, 'BAD_SENDER', ERR.host.wrongHost);
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      if (!tokenOk(req.headers['x-archive-token'])) return refuse(req, res, 401, 'BAD_SENDER');
      if (req.headers.origin !== undefined && req.headers.origin !== origin) return refuse(req, res, 403, 'BAD_SENDER');
      const clientId = `web:${String(req.headers['x-archive-client'] ?? '').slice(0, 64)}`;
      const limit = o.core.hasOpenSession(clientId) ? maxBody : maxPublicBody;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) throw new BodyTooLarge();
      const body = await readBody(req, limit);
      const trusted = true; // token and origin checked above, before the body
      let payload: unknown;
      try {
        payload = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        payload = Symbol('unparseable'); // fails schema parsing with a VALIDATION error
      }
      const result = await dispatch(o.core, handlers, { trusted, clientId }, decodeURIComponent(url.pathname.slice(5)), payload);
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    if (req.method === 'POST' && url.pathname === '/__test/clock' && o.testClock && tokenOk(req.headers['x-archive-token'])) {
      if (Number(req.headers['content-length'] ?? 0) > 1024) throw new BodyTooLarge();
      const { advanceMs, setMs, freeze } = JSON.parse((await readBody(req, 1024)).toString('utf8')) as { advanceMs?: number; setMs?: number; freeze?: boolean };
      if (typeof setMs === 'number') o.testClock.set(setMs, freeze === true);
      o.testClock.advance(Number(advanceMs) || 0);
      await o.core.sweepIdle();
      return send(res, 200, 'application/json', JSON.stringify({ now: o.testClock.now() }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'BAD_SENDER', ERR.host.methodNotAllowed);
    // Client-side routes fall back to index.html; files outside the folder are never served.
    const file = readStatic(o.rendererDir, url.pathname) ?? (extnameLess(url.pathname) ? readStatic(o.rendererDir, '/index.html') : null);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    return send(res, 200, file.type, file.body, file.headers);
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
  const scheduler = startBackupScheduler(o.core);
  return {
    url: `${origin}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        scheduler.stop();
        server.close(() => resolve());
        server.closeAllConnections(); // browsers keep connections alive; do not wait for them
      }),
  };
}
