import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { ArchiveCore } from '../../electron/core/archive-core';
import { dispatch } from '../../electron/ipc/dispatch';
import { handlers } from '../../electron/ipc/handlers';
import { startOfficeServer, type OfficeServer } from '../../electron/office/office-server';
import { FingerprintMismatch, OfficeClient } from '../../electron/office/pinned-client';
import { loadOrCreateIdentity, type ServerIdentity } from '../../electron/office/tls-cert';
import { tempDir } from '../helpers/vault-fixture';

const ADMIN_PW = 'Office-admin-2026';
const KEEPER_TEMP = 'Keeper-temp-2026';
const KEEPER_PW = 'Keeper-final-2026';

/** An archive made the ordinary way (setup + one keeper), then closed: what `serve` finds on disk. */
async function makeArchive(dataDir: string): Promise<void> {
  const core = new ArchiveCore({ dataDir });
  await core.setup({ communityName: '幸福社区', username: 'admin', displayName: '王主任', password: ADMIN_PW }, 'setup');
  const k = await dispatch(core, handlers, { trusted: true, clientId: 'setup' }, 'users.create', {
    username: 'keeper',
    displayName: '李档案',
    role: 'keeper',
    password: KEEPER_TEMP,
  });
  expect(k.ok).toBe(true);
  await core.close();
}

function rendererDir(root: string): string {
  const dir = join(root, 'renderer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<html>app</html>');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'assets', 'AppShell-Di2Hhhoj.js'), 'console.log(1)');
  return dir;
}

async function ok<T>(p: Promise<{ ok: boolean; value?: T; error?: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('office server: TLS, pin, locked start, per-client sessions, audit address', () => {
  const root = tempDir('archive-office-');
  const dataDir = join(root, 'data');
  let core: ArchiveCore;
  let server: OfficeServer;
  let identity: ServerIdentity;
  const clients: OfficeClient[] = [];
  const client = (name?: string) => {
    const c = new OfficeClient({ url: server.url, fingerprint: server.fingerprint, clientName: name });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    await makeArchive(dataDir);
    identity = loadOrCreateIdentity(dataDir);
    core = new ArchiveCore({ dataDir, office: true });
    server = await startOfficeServer({ core, rendererDir: rendererDir(root), identity });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
    await core.close();
  });

  it('keeps its key pair in the data folder (key 0600) and the same fingerprint across starts', () => {
    expect(identity.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(join(dataDir, 'server-key.pem')).mode & 0o077).toBe(0);
    const again = loadOrCreateIdentity(dataDir);
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(identity.fingerprint);
  });

  it('a plain-HTTP request on the TLS port gets no data', async () => {
    const got = await new Promise<{ error?: string; bytes: number }>((resolve) => {
      let bytes = 0;
      const req = httpRequest(
        { host: '127.0.0.1', port: server.port, path: '/api/auth.status', method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => resolve({ bytes }));
        },
      );
      req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message, bytes }));
      req.end('{}');
    });
    expect(got.error).toBeDefined();
    expect(got.bytes).toBe(0);
  });

  it('the pinned client refuses a server whose certificate differs, before sending anything', async () => {
    // An impostor on the network with its own certificate, counting what reaches it.
    mkdirSync(join(root, 'impostor'));
    const impostorId = loadOrCreateIdentity(join(root, 'impostor'));
    let requests = 0;
    const impostor = createHttpsServer({ key: impostorId.key, cert: impostorId.cert }, (_req, res) => {
      requests++;
      res.end('{"ok":true,"value":{}}');
    });
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r));
    const port = (impostor.address() as AddressInfo).port;
    try {
      const pinnedToOffice = new OfficeClient({ url: `https://127.0.0.1:${port}/`, fingerprint: server.fingerprint });
      await expect(pinnedToOffice.call('auth.signIn', { username: 'admin', password: ADMIN_PW })).rejects.toBeInstanceOf(FingerprintMismatch);
      pinnedToOffice.close();
      expect(requests).toBe(0);
      // And the right server with a wrong pin: refused the same way.
      const wrongPin = new OfficeClient({ url: server.url, fingerprint: impostorId.fingerprint });
      await expect(wrongPin.call('auth.status')).rejects.toThrow(/not the pinned/);
      wrongPin.close();
      // The right pin, lower case and without colons, is the same pin.
      const right = new OfficeClient({ url: server.url, fingerprint: server.fingerprint.replace(/:/g, '').toLowerCase() });
      expect((await right.call('auth.status')).ok).toBe(true);
      right.close();
    } finally {
      await new Promise<void>((r) => impostor.close(() => r()));
    }
  });

  it('archive-room connect talks only to the pinned server and says whether it is locked', async () => {
    const lines: string[] = [];
    const out = { log: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    expect(await runCli(['connect', server.url, '--fingerprint', server.fingerprint], out)).toBe(0);
    expect(lines.join('\n')).toContain('the server is locked');
    lines.length = 0;
    expect(await runCli(['connect', server.url, '--fingerprint', 'AB'.repeat(32)], out)).toBe(3);
    expect(lines.join('\n')).toContain('nothing was sent');
  });

  it('starts locked: nothing is served, keepers are refused, until an administrator signs in', async () => {
    const keeper = client('档案室电脑');
    const status = await ok(keeper.call<{ setUp: boolean; serverLocked?: boolean; communityName: string | null }>('auth.status'));
    expect(status).toMatchObject({ setUp: true, serverLocked: true, communityName: null });
    expect(await keeper.call('records.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const refused = await keeper.call('auth.signIn', { username: 'keeper', password: KEEPER_TEMP });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.code).toBe('SERVER_LOCKED');

    const admin = client('前台电脑');
    await ok(admin.call('auth.signIn', { username: 'admin', password: ADMIN_PW }));
    expect((await ok(keeper.call<{ serverLocked?: boolean }>('auth.status'))).serverLocked).toBeUndefined();

    // Now the keeper gets in, on their own session (their own cookie), and admin's session is untouched.
    await ok(keeper.call('auth.signIn', { username: 'keeper', password: KEEPER_TEMP }));
    await ok(keeper.call('auth.changePassword', { currentPassword: KEEPER_TEMP, newPassword: KEEPER_PW }));
    expect(await ok(keeper.call<unknown[]>('records.list'))).toBeDefined();
    expect(await keeper.call('users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } }); // the keeper's role, not the admin's
    expect(await ok(admin.call<unknown[]>('users.list'))).toHaveLength(2);

    // Signing out leaves the server unlocked for the others.
    await ok(admin.call('auth.signOut'));
    expect(await ok(keeper.call<unknown[]>('records.list'))).toBeDefined();
  });

  it('sets an HttpOnly, Secure, SameSite=Strict client cookie and refuses foreign origins and non-JSON posts', async () => {
    const c = client();
    const r = await c.raw('POST', '/api/auth.status', '{}');
    expect(String(r.headers['set-cookie'])).toMatch(/^ar_client=[0-9a-f]{32}\.[0-9a-f]{64}; Path=\/; HttpOnly; Secure; SameSite=Strict/);
    expect(r.headers['strict-transport-security']).toBeDefined();
    expect((await c.raw('POST', '/api/auth.status', '{}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await c.raw('POST', '/api/auth.status', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('the PCs keep the built scripts (named by their content) but never the page that names them', async () => {
    const c = client();
    const script = await c.raw('GET', '/assets/AppShell-Di2Hhhoj.js');
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(script.headers['strict-transport-security']).toBeDefined();
    expect((await c.raw('GET', '/')).headers['cache-control']).toBe('no-store');
  });

  it('audit entries name the client address and the name it sent', async () => {
    const admin = client('前台电脑');
    await ok(admin.call('auth.signIn', { username: 'admin', password: ADMIN_PW }));
    const rows = await ok(admin.call<{ action: string; details: string }[]>('audit.list', { limit: 50 }));
    const byAction = (a: string) => rows.filter((r) => r.action === a).map((r) => JSON.parse(r.details) as { client?: { address: string; name?: string } });
    expect(byAction('server.unlocked')[0].client).toEqual({ address: '127.0.0.1', name: '前台电脑' });
    expect(byAction('auth.signIn').map((d) => d.client?.name)).toEqual(expect.arrayContaining(['前台电脑', '档案室电脑']));
    expect(byAction('auth.signIn').every((d) => d.client?.address === '127.0.0.1')).toBe(true);
    // A refusal is recorded with where it came from, too.
    expect(byAction('access.denied')[0].client).toEqual({ address: '127.0.0.1', name: '档案室电脑' });
  });

  it('a record lent at one PC is refused at another with the lending refusal, and other PCs hear of it', async () => {
    const a = client('甲');
    const b = client('乙');
    await ok(a.call('auth.signIn', { username: 'admin', password: ADMIN_PW }));
    await ok(b.call('auth.signIn', { username: 'keeper', password: KEEPER_PW }));
    const loc = await ok(a.call<{ id: string }>('locations.save', { room: '一号库房', cabinet: '01', shelf: '1', box: '001' }));
    const rec = await ok(
      a.call<{ id: string; archiveNo: string }>('records.create', {
        title: '张卫国低保申请材料',
        residentClass: 'registered',
        contentCategory: 'basic',
        carrier: 'paper',
        pages: 12,
        year: 2025,
        sensitivity: 'internal',
        retentionClass: 'D30',
        locationId: loc.id,
      }),
    );
    // B listens for changes, as the renderer does.
    const heard: string[] = [];
    const stream = b.stream('/events', (chunk) => heard.push(chunk));
    await expect.poll(() => server.listeners()).toBeGreaterThan(0);
    const loan = {
      recordIds: [rec.id],
      kind: 'borrow',
      borrower: { kind: 'external', name: '孙调查', idNumber: '110105199001011232', organisation: '区民政局', letterNo: '民介字〔2026〕18号' },
      // The approver (王主任) confirms with their own password at the keeper's desk.
      approval: { mode: 'confirmed', username: 'admin', password: ADMIN_PW },
      purpose: '低保核查',
      pagesConfirmed: true,
    };
    await ok(a.call('lending.checkout', loan));
    await expect.poll(() => heard.join('')).toContain('"area":"lending"');
    const second = await b.call('lending.checkout', loan);
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('CONFLICT');
      expect(second.error.zh).toContain(rec.archiveNo);
    }
    stream.close();
  });
  it('an administrator locks it again without a restart: every session ends, only an administrator unlocks it', async () => {
    const admin = client('主任电脑');
    const keeper = client('档案室电脑');
    await ok(admin.call('auth.signIn', { username: 'admin', password: ADMIN_PW }));
    await ok(keeper.call('auth.signIn', { username: 'keeper', password: KEEPER_PW }));
    // Not for a keeper: the role check comes first.
    expect(await keeper.call('auth.lockServer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const locked = await ok(admin.call<{ sessionsEnded: number }>('auth.lockServer'));
    expect(locked.sessionsEnded).toBeGreaterThanOrEqual(2);
    // Everyone is out; the server answers as after a start.
    expect(await keeper.call('records.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await admin.call('records.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await ok(keeper.call<{ serverLocked?: boolean }>('auth.status'))).toMatchObject({ serverLocked: true, communityName: null });
    expect(await keeper.call('auth.signIn', { username: 'keeper', password: KEEPER_PW })).toMatchObject({ ok: false, error: { code: 'SERVER_LOCKED' } });
    // The administrator's sign-in unlocks it; the lock and both unlocks are in the trail, and it verifies.
    await ok(admin.call('auth.signIn', { username: 'admin', password: ADMIN_PW }));
    await ok(keeper.call('auth.signIn', { username: 'keeper', password: KEEPER_PW }));
    const rows = await ok(admin.call<{ action: string; actor: string; details: string }[]>('audit.list', { action: 'server.', limit: 20 }));
    const lockEntry = rows.find((r) => r.action === 'server.locked');
    expect(lockEntry).toMatchObject({ actor: 'admin' });
    expect(JSON.parse(lockEntry!.details)).toMatchObject({ sessionsEnded: locked.sessionsEnded, client: { address: '127.0.0.1', name: '主任电脑' } });
    expect(rows.filter((r) => r.action === 'server.unlocked').length).toBeGreaterThanOrEqual(2);
    expect(await ok(admin.call<{ ok: boolean }>('audit.verify', { full: true }))).toMatchObject({ ok: true });
  });
});

describe('office server: rate limit and body cap come before authentication', () => {
  const root = tempDir('archive-office-flood-');
  let core: ArchiveCore;
  let server: OfficeServer;
  let c: OfficeClient;
  beforeAll(async () => {
    const dataDir = join(root, 'data');
    await makeArchive(dataDir);
    core = new ArchiveCore({ dataDir, office: true });
    server = await startOfficeServer({
      core,
      rendererDir: rendererDir(root),
      identity: loadOrCreateIdentity(dataDir),
      rateLimit: { max: 30, windowMs: 60_000 },
    });
    c = new OfficeClient({ url: server.url, fingerprint: server.fingerprint });
  });
  afterAll(async () => {
    c.close();
    await server.close();
    await core.close();
  });

  it('an oversized body from a client without a session is refused unread', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(64 * 1024) });
    const r = await c.raw('POST', '/api/auth.signIn', big);
    expect(r.status).toBe(413);
  });

  it('signed-in PCs behind one address (NAT) each have their own budget, apart from the address', async () => {
    const pcs = [0, 1].map(() => new OfficeClient({ url: server.url, fingerprint: server.fingerprint }));
    try {
      // Sign-ins are spent from the address's budget (1 already gone on the oversized body above).
      for (const p of pcs) await ok(p.call('auth.signIn', { username: 'admin', password: ADMIN_PW }));
      const statuses = async (p: OfficeClient, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await p.raw('POST', '/api/auth.status', '{}')).status);
        return out;
      };
      // Each PC: 30 calls pass, the 31st is refused; the other PC is untouched by that.
      const a = await statuses(pcs[0], 31);
      expect(a.slice(0, 30).every((x) => x === 200)).toBe(true);
      expect(a[30]).toBe(429);
      const b = await statuses(pcs[1], 30);
      expect(b.every((x) => x === 200)).toBe(true);
    } finally {
      pcs.forEach((p) => p.close());
    }
  });

  it('a flood from one address without a session is refused with 429 before anything is looked at', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await c.raw('POST', '/api/auth.status', '{}')).status);
    // 30 per window: one spent on the oversized body, two on the sign-ins above.
    expect(statuses.filter((s) => s === 200)).toHaveLength(27);
    expect(statuses.slice(27).every((s) => s === 429)).toBe(true);
    const late = await c.raw('POST', '/api/auth.signIn', JSON.stringify({ username: 'admin', password: ADMIN_PW }));
    expect(late.status).toBe(429);
    expect(late.headers['retry-after']).toBe('10');
  });
});
