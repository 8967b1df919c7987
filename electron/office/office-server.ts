import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ERR } from '../../shared/error-texts';
import { getChannel } from '../../shared/contract';
import { startBackupScheduler } from '../backup/backup-scheduler';
import type { ArchiveCore } from '../core/archive-core';
import { withCallOrigin } from '../core/call-origin';
import { logInternalError } from '../core/internal-log';
import { BodyTooLarge, extnameLess, readBody, refuse, send } from '../host/http-replies';
import { readStatic } from '../host/static-files';
import { dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { LiveEvents, changedArea } from './live-events';
import { RateLimiter } from './rate-limit';
import type { ServerIdentity } from './tls-cert';

export interface OfficeServerOptions {
  /** A core made with `office: true`: it starts locked until an administrator signs in. */
  core: ArchiveCore;
  rendererDir: string;
  identity: ServerIdentity;
  port?: number;
  /** Address to listen on: 127.0.0.1 unless told (`--host 0.0.0.0` for the office network). */
  host?: string;
  /** Body limit for a client with a signed-in session (attachments travel as base64). */
  maxBodyBytes?: number;
  /** Body limit for everyone else: sign-in, unlock, recovery and status are small. */
  maxPublicBodyBytes?: number;
  /** Requests per address per window, counted before anything else (default 600 per 10 s). */
  rateLimit?: { max: number; windowMs: number };
}

export interface OfficeServer {
  url: string;
  port: number;
  fingerprint: string;
  /** Live event streams open now (tests wait for clients to be listening). */
  listeners(): number;
  close(): Promise<void>;
}

const COOKIE = 'ar_client';
const CLIENT_NAME_HEADER = 'x-archive-client-name';

/**
 * The office server: the same renderer and the same dispatch() as the loopback web host, over
 * TLS on the office network, for every PC in the office. What differs from the loopback host:
 *
 * - Trust is a per-client cookie (HttpOnly, Secure, SameSite=Strict) minted and MAC'd by this
 *   process, not a per-launch token; each client's cookie is its own session in the core, so
 *   sessions are per user per PC, with the core's idle lock and sign-in delay.
 * - Before anything else (even the body cap), requests are counted per address and refused past
 *   the limit; bodies are capped by the same two limits as the loopback host before they are read.
 * - Plain HTTP on the port gets nothing: node:https drops a connection that does not start a TLS
 *   handshake.
 * - Every audit entry written for a request carries the client's address and the name it sent.
 * - After a successful write in an area, clients with an open session get a server-sent event
 *   naming the area (never data); their screens reload that area.
 */
export async function startOfficeServer(o: OfficeServerOptions): Promise<OfficeServer> {
  await o.core.claimDataFolder();
  const maxBody = o.maxBodyBytes ?? 100 * 1024 * 1024;
  const maxPublicBody = o.maxPublicBodyBytes ?? 8 * 1024;
  const limiter = new RateLimiter(o.rateLimit?.max ?? 600, o.rateLimit?.windowMs ?? 10_000, o.core.now);
  const cookieKey = randomBytes(32);
  const live = new LiveEvents((clientId) => o.core.hasOpenSession(clientId));

  const server: Server = createServer({ key: o.identity.key, cert: o.identity.cert, minVersion: 'TLSv1.2' }, (req, res) => {
    void route(req, res).catch((e: unknown) => {
      if (e instanceof BodyTooLarge) return refuse(req, res, 413, 'VALIDATION', ERR.host.bodyTooLarge);
      logInternalError('office server', e);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    });
  });
  // A client that does not speak TLS (plain HTTP) or gives up mid-handshake: dropped, nothing logged.
  server.on('tlsClientError', (_e, socket) => socket.destroy());

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = remoteAddress(req);
    const { id, minted } = clientCookie(req);
    const clientId = `office:${id}`;
    // Counted before anything else: per signed-in PC (its cookie's session), else per address. Several
    // PCs behind one NAT or terminal server share an address but not a budget; anyone without a
    // session (sign-in, status, a flood) shares their address's.
    const budget = !minted && o.core.hasOpenSession(clientId) ? `session:${id}` : `address:${address}`;
    if (!limiter.take(budget)) {
      return refuse(req, res, 429, 'THROTTLED', ERR.host.tooManyRequests, { 'retry-after': '10' });
    }
    const host = req.headers.host ?? '';
    if (!host) return refuse(req, res, 421, 'BAD_SENDER', ERR.host.wrongHost);
    const origin = `https://${host}`;
    // Browsers name the page a request comes from: another site's page is refused before the body.
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return refuse(req, res, 403, 'BAD_SENDER');
    const headers: Record<string, string> = {
      'strict-transport-security': 'max-age=31536000',
      ...(minted ? { 'set-cookie': `${COOKIE}=${minted}; Path=/; HttpOnly; Secure; SameSite=Strict` } : {}),
    };
    const url = new URL(req.url ?? '/', origin);

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      // A cross-site form cannot send this type; a cross-site script would need a preflight we never grant.
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(req, res, 415, 'BAD_SENDER', undefined, headers);
      const limit = o.core.hasOpenSession(clientId) ? maxBody : maxPublicBody;
      if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLarge();
      const body = await readBody(req, limit);
      let payload: unknown;
      try {
        payload = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        payload = Symbol('unparseable');
      }
      const name = decodeURIComponent(url.pathname.slice(5));
      const clientName = nameOf(req.headers[CLIENT_NAME_HEADER]);
      const result = await withCallOrigin({ address, ...(clientName ? { name: clientName } : {}) }, () =>
        dispatch(o.core, handlers, { trusted: true, clientId }, name, payload),
      );
      if (result.ok) {
        const area = changedArea(name, getChannel(name));
        if (area) live.broadcast(area);
      }
      return send(res, 200, 'application/json', JSON.stringify(result), headers);
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      if (!o.core.hasOpenSession(clientId)) return refuse(req, res, 401, 'UNAUTHENTICATED', undefined, headers);
      if (!live.open(clientId, address, res, headers)) return refuse(req, res, 429, 'THROTTLED', undefined, headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'BAD_SENDER', ERR.host.methodNotAllowed, headers);
    const file = readStatic(o.rendererDir, url.pathname) ?? (extnameLess(url.pathname) ? readStatic(o.rendererDir, '/index.html') : null);
    if (!file) return send(res, 404, 'text/plain', 'not found', headers);
    return send(res, 200, file.type, file.body, { ...headers, ...file.headers });
  }

  /** The client's id from its cookie when the MAC holds; otherwise a new one (and the cookie to set). */
  function clientCookie(req: IncomingMessage): { id: string; minted: string | null } {
    const raw = /(?:^|;\s*)ar_client=([0-9a-f]{32})\.([0-9a-f]{64})(?:;|$)/.exec(req.headers.cookie ?? '');
    if (raw) {
      const want = mac(raw[1]);
      const got = Buffer.from(raw[2], 'hex');
      if (got.length === want.length && timingSafeEqual(got, want)) return { id: raw[1], minted: null };
    }
    const id = randomBytes(16).toString('hex');
    return { id, minted: `${id}.${mac(id).toString('hex')}` };
  }

  function mac(id: string): Buffer {
    return createHmac('sha256', cookieKey).update(id).digest();
  }

  const listenHost = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  o.core.startIdleTimer(5_000);
  // Scheduled backups run here as in the app and the web host (on behalf of a signed-in keeper or administrator).
  const scheduler = startBackupScheduler(o.core);
  const shownHost = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost;
  return {
    url: `https://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`,
    port,
    fingerprint: o.identity.fingerprint,
    listeners: () => live.size,
    close: () =>
      new Promise<void>((resolve) => {
        scheduler.stop();
        live.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function remoteAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** The name a client gives itself ("前台电脑"): percent-encoded UTF-8, printable, at most 64 characters. */
function nameOf(h: string | string[] | undefined): string | undefined {
  if (typeof h !== 'string' || !h) return undefined;
  let s: string;
  try {
    s = decodeURIComponent(h);
  } catch {
    return undefined;
  }
  s = s
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 64);
  return s || undefined;
}
