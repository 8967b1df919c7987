import { Agent, request, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import type { Result } from '../../shared/errors';
import { normalizeFingerprint } from './tls-cert';

export interface PinnedClientOptions {
  /** The office server, e.g. https://192.168.1.10:8443/ */
  url: string;
  /** The SHA-256 fingerprint `archive-room serve` printed (any case, with or without colons). */
  fingerprint: string;
  /** A name for this PC in the audit trail (前台电脑); optional. */
  clientName?: string;
  timeoutMs?: number;
}

/** The server's certificate is not the pinned one: nothing was sent to it. */
export class FingerprintMismatch extends Error {
  readonly code = 'FINGERPRINT_MISMATCH';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`server certificate fingerprint ${actual || '(none)'} is not the pinned ${expected}`);
  }
}

/**
 * An agent that finishes the TLS handshake itself and hands the socket to HTTP only when the
 * server's certificate has the pinned fingerprint. The certificate is self-signed, so no CA
 * vouches for it: the fingerprint, compared before a single byte of a request is written, is
 * the whole of the trust. A wrong one ends the connection with FingerprintMismatch.
 */
class PinnedAgent extends Agent {
  constructor(private readonly pin: string) {
    super({ keepAlive: true, maxSockets: 8 });
  }

  // node:http calls this with a callback and waits for it when nothing is returned.
  override createConnection(options: RequestOptions, done?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = options.host ?? 'localhost';
    const socket: TLSSocket = connect({
      host,
      port: Number(options.port),
      ...(isIP(host) ? {} : { servername: host }),
      // Verification is the fingerprint below, not a CA chain (there is none for a self-signed certificate).
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      if (err) socket.destroy();
      done?.(err, socket);
    };
    socket.once('secureConnect', () => {
      const actual = normalizeFingerprint(socket.getPeerCertificate().fingerprint256 ?? '');
      settle(actual === this.pin ? null : new FingerprintMismatch(this.pin, actual));
    });
    socket.once('error', (e) => settle(e));
    return undefined;
  }
}

/**
 * The office server as one client (one cookie, so one session): used by tests and by the
 * "connect to the office archive" path, which checks the server before anything is entered.
 */
export class OfficeClient {
  private readonly base: URL;
  private readonly agent: PinnedAgent;
  private cookie: string | null = null;

  constructor(private readonly o: PinnedClientOptions) {
    this.base = new URL(o.url);
    if (this.base.protocol !== 'https:') throw new Error('the office server is reached over https only');
    const pin = normalizeFingerprint(o.fingerprint);
    if (pin.length !== 95) throw new Error('a SHA-256 fingerprint has 32 bytes');
    this.agent = new PinnedAgent(pin);
  }

  async call<T = unknown>(channel: string, req: unknown = {}): Promise<Result<T>> {
    const r = await this.raw('POST', `/api/${channel}`, JSON.stringify(req ?? {}));
    return JSON.parse(r.body) as Result<T>;
  }

  /** One request; rejects with FingerprintMismatch before sending anything to a different server. */
  raw(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(this.options(method, path, headers), (res) => {
        this.keepCookie(res.headers['set-cookie']);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('office server did not answer in time')));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A long GET (the server-sent events at /events): each chunk as it arrives, until close(). */
  stream(path: string, onChunk: (text: string) => void, onEnd?: (err?: Error) => void): { close(): void } {
    const req = request({ ...this.options('GET', path, { accept: 'text/event-stream' }), timeout: 0 }, (res) => {
      this.keepCookie(res.headers['set-cookie']);
      res.setEncoding('utf8');
      res.on('data', (c: string) => onChunk(c));
      res.on('end', () => onEnd?.());
    });
    req.on('error', (e) => onEnd?.(e));
    req.end();
    return { close: () => req.destroy() };
  }

  private options(method: string, path: string, headers: Record<string, string>): RequestOptions {
    return {
      agent: this.agent,
      host: this.base.hostname.replace(/^\[|\]$/g, ''),
      port: this.base.port || 443,
      path,
      method,
      timeout: this.o.timeoutMs ?? 30_000,
      headers: {
        host: this.base.host,
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.o.clientName ? { 'x-archive-client-name': encodeURIComponent(this.o.clientName) } : {}),
        ...headers,
      },
    };
  }

  private keepCookie(set: string[] | undefined): void {
    const c = set?.map((x) => x.split(';')[0]).find((x) => x.startsWith('ar_client='));
    if (c) this.cookie = c;
  }

  close(): void {
    this.agent.destroy();
  }
}
