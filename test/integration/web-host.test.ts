import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { startWebHost, type WebHost } from '../../electron/host/web-host';
import { tempDir } from '../helpers/vault-fixture';

function raw(
  port: number,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: b, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('web host: loopback, token, exact host and origin', () => {
  const dir = tempDir('archive-host-');
  const rendererDir = join(dir, 'renderer');
  let core: ArchiveCore;
  let host: WebHost;
  beforeAll(async () => {
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<html>app</html>');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'AppShell-Di2Hhhoj.js'), 'console.log(1)');
    writeFileSync(join(rendererDir, 'assets', 'plain.js'), 'console.log(2)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    core = new ArchiveCore({ dataDir: join(dir, 'data') });
    host = await startWebHost({ core, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await core.close();
  });

  const h = () => ({ host: `127.0.0.1:${host.port}`, 'content-type': 'application/json' });

  it('binds to 127.0.0.1 and serves the renderer with a strict CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    const r = await raw(host.port, '/', h());
    expect(r.status).toBe(200);
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it('lets the browser keep built files named by their content, and nothing else', async () => {
    const hashed = await raw(host.port, '/assets/AppShell-Di2Hhhoj.js', h());
    expect(hashed.body).toBe('console.log(1)');
    expect(hashed.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // The page that names them, a file without a content hash, an answer and a route: fetched anew each time.
    for (const path of ['/', '/index.html', '/assets/plain.js', '/residents'])
      expect((await raw(host.port, path, h())).headers['cache-control']).toBe('no-store');
    expect((await raw(host.port, '/api/auth.status', { ...h(), 'x-archive-token': host.token }, '{}')).headers['cache-control']).toBe('no-store');
  });

  it('answers calls that carry the token', async () => {
    const r = await raw(host.port, '/api/auth.status', { ...h(), 'x-archive-token': host.token }, '{}');
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { setUp: false, state: 'signed-out' } });
  });

  it('refuses a missing or wrong token, a foreign origin and a rebinding host name', async () => {
    const noToken = JSON.parse((await raw(host.port, '/api/auth.status', h(), '{}')).body);
    expect(noToken.error.code).toBe('BAD_SENDER');
    const wrong = JSON.parse((await raw(host.port, '/api/auth.status', { ...h(), 'x-archive-token': 'f'.repeat(64) }, '{}')).body);
    expect(wrong.error.code).toBe('BAD_SENDER');
    const foreign = JSON.parse((await raw(host.port, '/api/auth.status', { ...h(), 'x-archive-token': host.token, origin: 'http://evil.example' }, '{}')).body);
    expect(foreign.error.code).toBe('BAD_SENDER');
    const rebind = await raw(host.port, '/api/auth.status', { ...h(), host: `evil.example:${host.port}`, 'x-archive-token': host.token }, '{}');
    expect(rebind.status).toBe(421);
  });

  it('malformed JSON is a validation error, not a crash', async () => {
    const r = JSON.parse((await raw(host.port, '/api/auth.signIn', { ...h(), 'x-archive-token': host.token }, '{oops')).body);
    expect(r.error.code).toBe('VALIDATION');
  });

  it('never serves files outside the renderer folder, and has no test hooks unless asked', async () => {
    expect((await raw(host.port, '/../secret.txt', h())).body).not.toContain('secret');
    expect((await raw(host.port, '/%2e%2e/secret.txt', h())).body).not.toContain('secret');
    expect((await raw(host.port, '/__test/clock', { ...h(), 'x-archive-token': host.token }, '{"advanceMs":1}')).status).not.toBe(200);
  });
});
