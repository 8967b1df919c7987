import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, type ErrorCode } from '../../shared/errors';
import type { Text } from '../../shared/error-texts';
import { contentSecurityPolicy } from '../main/csp';

/** Answers shared by the loopback web host and the office server. Nothing is kept by the browser unless `extra` says so. */
export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'cache-control': 'no-store',
    ...extra,
    'content-type': type,
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

export class BodyTooLarge extends Error {}

/**
 * Answers without reading the request body. The connection is closed after the answer; Node
 * discards whatever the client still sends (nothing is buffered), and a client that keeps
 * sending is cut off after a short grace that lets it read the answer first.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, text?: Text, extra: Record<string, string> = {}): void {
  const error = new AppError(code, text).toShape();
  res.shouldKeepAlive = false;
  res.once('finish', () => {
    if (req.complete) return;
    const t = setTimeout(() => req.destroy(), 2_000);
    t.unref();
    req.once('end', () => clearTimeout(t));
    req.once('close', () => clearTimeout(t));
  });
  if (res.headersSent) return void res.end();
  res.setHeader('connection', 'close');
  send(res, status, 'application/json', JSON.stringify({ ok: false, error }), extra);
}

/** Collects at most `max` bytes; one byte more and collecting stops (nothing more is kept). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const onData = (c: Buffer) => {
      n += c.length;
      if (n > max) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A client-side route (no file extension): answered with index.html. */
export function extnameLess(p: string): boolean {
  return !/\.[a-z0-9]+$/i.test(p);
}
