import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import {
  CERT_ACCEPT,
  CERT_REFUSE,
  certificateVerdict,
  checkOfficeServer,
  clientRequestAllowed,
  OFFICE_CLIENT_FILE,
  readOfficeLink,
  writeOfficeLink,
} from '../../electron/office/client-link';
import { startOfficeServer, type OfficeServer } from '../../electron/office/office-server';
import { loadOrCreateIdentity } from '../../electron/office/tls-cert';
import { officeLink, type OfficeLink } from '../../shared/domain/office-link';
import { tempDir } from '../helpers/vault-fixture';

/**
 * Electron cannot run on this machine, so the session it would build is recorded by a stand-in for
 * the electron module; what the test feeds the recorded verify function is the real certificate of
 * a real office server (the one `archive-room serve` starts), read off a TLS handshake.
 */
type VerifyProc = (req: { hostname: string; certificate: { data: string } }, cb: (verdict: number) => void) => void;
const fake = vi.hoisted(() => ({
  partitions: [] as { name: string; options: unknown }[],
  verify: null as null | VerifyProc,
  beforeRequest: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  permission: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void),
  downloads: null as null | ((e: unknown, item: { getFilename(): string; setSavePath(p: string): void; cancel(): void }) => void),
  saveChoice: undefined as string | undefined,
}));
vi.mock('electron', () => ({
  session: {
    fromPartition: (name: string, options: unknown) => {
      fake.partitions.push({ name, options });
      return {
        setCertificateVerifyProc: (fn: VerifyProc) => void (fake.verify = fn),
        webRequest: { onBeforeRequest: (fn: typeof fake.beforeRequest) => void (fake.beforeRequest = fn) },
        setPermissionRequestHandler: (fn: typeof fake.permission) => void (fake.permission = fn),
        setPermissionCheckHandler: () => undefined,
        on: (event: string, fn: typeof fake.downloads) => void (event === 'will-download' && (fake.downloads = fn)),
      };
    },
  },
  dialog: { showSaveDialogSync: () => fake.saveChoice },
  BrowserWindow: vi.fn(),
}));

const ADMIN_PW = 'Office-admin-2026';

/** The server's certificate as Chromium hands it to the verify function: PEM. */
function peerCertificatePem(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const der = s.getPeerCertificate().raw;
      s.end();
      resolve(
        `-----BEGIN CERTIFICATE-----\n${der
          .toString('base64')
          .match(/.{1,64}/g)!
          .join('\n')}\n-----END CERTIFICATE-----\n`,
      );
    });
    s.once('error', reject);
  });
}

const verdict = (req: { hostname: string; certificate: { data: string } }) =>
  new Promise<number>((resolve) => {
    fake.verify!(req, resolve);
  });

describe('office client (Electron): the pinned session, the check before storing, what is stored', () => {
  const root = tempDir('archive-office-client-');
  const dataDir = join(root, 'server');
  let core: ArchiveCore;
  let server: OfficeServer;
  let link: OfficeLink;
  let pem: string;
  const impostorDir = join(root, 'impostor');

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(join(root, 'renderer'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), '<html>app</html>');
    const setupCore = new ArchiveCore({ dataDir });
    await setupCore.setup({ communityName: '幸福社区', username: 'admin', displayName: '王主任', password: ADMIN_PW }, 'setup');
    await setupCore.close();
    core = new ArchiveCore({ dataDir, office: true });
    server = await startOfficeServer({ core, rendererDir: join(root, 'renderer'), identity: loadOrCreateIdentity(dataDir) });
    link = { url: new URL(server.url).origin, fingerprint: server.fingerprint };
    pem = await peerCertificatePem(server.port);
    mkdirSync(impostorDir);
  });
  afterAll(async () => {
    await server.close();
    await core.close();
  });

  it("the session's verify function accepts the real server's certificate only under its pin and host", async () => {
    const { officeSession, OFFICE_PARTITION } = await import('../../electron/main/office-client');
    officeSession(link, () => null);
    // In-memory partition (no "persist:"), no cache: nothing of the session reaches the disk.
    expect(fake.partitions).toEqual([{ name: OFFICE_PARTITION, options: { cache: false } }]);
    expect(OFFICE_PARTITION.startsWith('persist:')).toBe(false);

    expect(await verdict({ hostname: '127.0.0.1', certificate: { data: pem } })).toBe(CERT_ACCEPT);
    // The same server pinned to another fingerprint (one digit off): refused.
    const wrong = link.fingerprint.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    officeSession({ ...link, fingerprint: wrong }, () => null);
    expect(await verdict({ hostname: '127.0.0.1', certificate: { data: pem } })).toBe(CERT_REFUSE);
    // An impostor's certificate under the right pin: refused.
    officeSession(link, () => null);
    const impostor = loadOrCreateIdentity(impostorDir).cert;
    expect(await verdict({ hostname: '127.0.0.1', certificate: { data: impostor } })).toBe(CERT_REFUSE);
    // The pinned certificate presented for another host (a redirect, a sub-resource elsewhere): refused.
    expect(await verdict({ hostname: 'localhost', certificate: { data: pem } })).toBe(CERT_REFUSE);
    expect(await verdict({ hostname: '127.0.0.1', certificate: { data: 'not a certificate' } })).toBe(CERT_REFUSE);
  });

  it('the session requests only the server; downloads go only where the user chooses; no permission but clipboard writing', async () => {
    const { officeSession } = await import('../../electron/main/office-client');
    officeSession(link, () => null);
    const cancelled = (url: string) => new Promise<boolean>((r) => fake.beforeRequest!({ url }, (x) => r(x.cancel)));
    expect(await cancelled(`${link.url}/api/auth.status`)).toBe(false);
    expect(await cancelled(`blob:${link.url}/1234`)).toBe(false);
    expect(await cancelled('https://example.org/x.js')).toBe(true);
    expect(await cancelled(`http://${new URL(link.url).host}/`)).toBe(true);
    expect(clientRequestAllowed(link, 'file:///etc/passwd')).toBe(false);
    expect(clientRequestAllowed(link, 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html')).toBe(true);
    expect(clientRequestAllowed(link, 'chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/x.js')).toBe(false);

    const item = { getFilename: () => '封面.pdf', setSavePath: vi.fn(), cancel: vi.fn() };
    fake.saveChoice = undefined; // the user closes the save dialog
    fake.downloads!({}, item);
    expect(item.cancel).toHaveBeenCalledTimes(1);
    expect(item.setSavePath).not.toHaveBeenCalled();
    fake.saveChoice = join(root, 'chosen', '封面.pdf');
    fake.downloads!({}, item);
    expect(item.setSavePath).toHaveBeenCalledWith(fake.saveChoice);

    const asked = (perm: string, url: string) => new Promise<boolean>((r) => fake.permission!({}, perm, r, { requestingUrl: url }));
    expect(await asked('clipboard-sanitized-write', `${link.url}/`)).toBe(true);
    expect(await asked('clipboard-sanitized-write', 'https://example.org/')).toBe(false);
    expect(await asked('media', `${link.url}/`)).toBe(false);
  });

  it('connect checks the server through the pin before anything is stored: the code, typed address + fingerprint, a wrong one', async () => {
    const byCode = await checkOfficeServer({ code: officeLink(server.url, server.fingerprint) });
    expect(byCode).toEqual({ ok: true, link, setUp: true, serverLocked: true });
    const typed = await checkOfficeServer({ url: `127.0.0.1:${server.port}`, fingerprint: server.fingerprint.replace(/:/g, ' ').toLowerCase() });
    expect(typed).toMatchObject({ ok: true, link });

    const impostor = loadOrCreateIdentity(impostorDir).fingerprint;
    const wrongPin = await checkOfficeServer({ url: server.url, fingerprint: impostor });
    expect(wrongPin).toMatchObject({
      ok: false,
      problem: { zh: expect.stringContaining('证书指纹与输入的不符'), en: expect.stringContaining('nothing was sent') },
    });

    // Nobody listens on that port: named as unreachable, not as a fingerprint problem.
    const idle = createHttpsServer();
    await new Promise<void>((r) => idle.listen(0, '127.0.0.1', r));
    const port = (idle.address() as AddressInfo).port;
    await new Promise((r) => idle.close(r));
    const down = await checkOfficeServer({ url: `https://127.0.0.1:${port}`, fingerprint: server.fingerprint }, 3000);
    expect(down).toMatchObject({ ok: false, problem: { zh: expect.stringContaining('无法连接'), en: expect.stringContaining('Cannot reach') } });

    // Bad input never reaches the network, and says what is wrong in both languages.
    for (const [input, zh] of [
      [{ url: `http://127.0.0.1:${server.port}`, fingerprint: server.fingerprint }, 'https://'],
      [{ url: server.url, fingerprint: server.fingerprint.slice(3) }, '指纹不完整'],
      [{ url: '', fingerprint: server.fingerprint }, '请输入服务器地址'],
      [{ code: 'https://example.org/' }, '不是档案室服务器连接单'],
    ] as const) {
      const r = await checkOfficeServer(input);
      expect(r).toMatchObject({ ok: false, problem: { zh: expect.stringContaining(zh) } });
    }
  });

  it('stores the address and the pin only (0600), reads them back, and forgets a file that is not a link', () => {
    const userData = join(root, 'client-user-data');
    mkdirSync(userData);
    expect(readOfficeLink(userData)).toBeNull();
    writeOfficeLink(userData, { url: `${link.url}/some/path`, fingerprint: link.fingerprint.replace(/:/g, '').toLowerCase() });
    const file = join(userData, OFFICE_CLIENT_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, url: link.url, fingerprint: link.fingerprint });
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readOfficeLink(userData)).toEqual(link);
    writeFileSync(file, '{"version":1,"url":"http://10.0.0.1","fingerprint":"AB"}');
    expect(readOfficeLink(userData)).toBeNull();
    writeFileSync(file, '{"version":1,"url":');
    expect(readOfficeLink(userData)).toBeNull();
  });

  it('certificateVerdict reads Electron-shaped requests without Electron', () => {
    expect(certificateVerdict(link, { hostname: '127.0.0.1', certificate: { data: pem } })).toBe(CERT_ACCEPT);
    expect(certificateVerdict({ url: 'https://[::1]:8443', fingerprint: link.fingerprint }, { hostname: '::1', certificate: { data: pem } })).toBe(CERT_ACCEPT);
  });
});
