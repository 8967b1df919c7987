import { existsSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { serverSheetPdf } from '../print/server-sheet.pdf';
import { ArchiveCore } from '../core/archive-core';
import { startOfficeServer } from '../office/office-server';
import { loadOrCreateIdentity } from '../office/tls-cert';
import type { CliOut } from './commands';

export interface ServeOptions {
  dataDir: string;
  port?: string;
  host?: string;
}

/**
 * `archive-room serve`: the office server (electron/office/office-server.ts) on this data folder,
 * until SIGINT or SIGTERM. Prints the address and the certificate's SHA-256 fingerprint, which
 * every client pins; the archive stays locked until an administrator signs in from a client.
 */
export async function cmdServe(o: ServeOptions, out: CliOut): Promise<number> {
  const port = o.port === undefined ? 8443 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    out.err('--port 需要 0–65535 之间的端口号 / --port needs a port number between 0 and 65535');
    return 64;
  }
  const host = o.host ?? '127.0.0.1';
  const core = new ArchiveCore({ dataDir: o.dataDir, holder: { kind: 'web', detail: 'serve' }, office: true });
  try {
    await core.claimDataFolder();
    const identity = loadOrCreateIdentity(o.dataDir, host === '0.0.0.0' || host === '::' ? [] : [host]);
    const server = await startOfficeServer({
      core,
      rendererDir: rendererDir(),
      identity,
      port,
      host,
    });
    out.log(`Archive Room office server: ${server.url}`);
    out.log(`listening on ${host}:${server.port}; data folder: ${o.dataDir}`);
    out.log(`${identity.created ? '新证书 / new certificate, ' : ''}SHA-256 fingerprint: ${identity.fingerprint}`);
    const sheet = join(o.dataDir, SERVER_SHEET_FILE);
    const urls = listenHost(host) ? lanUrls(server.port) : [];
    writeFileSync(
      sheet,
      await serverSheetPdf({ urls: urls.length ? urls : [server.url], fingerprint: identity.fingerprint, printedAt: new Date().toLocaleString('zh-CN') }),
    );
    out.log(`连接单（请打印，带到每台电脑核对）/ connection sheet to print: ${sheet}`);
    out.log('已锁定：须由管理员在客户端登录解锁 / LOCKED: an administrator must sign in from a client to unlock it');
    if (!core.isSetUp()) out.log('档案库尚未建立：先运行 archive-room init / no archive here yet: run archive-room init first');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  } finally {
    await core.close();
  }
}

export const SERVER_SHEET_FILE = 'server-sheet.pdf';

const listenHost = (host: string) => host === '0.0.0.0' || host === '::';

/** Listening on every interface: the sheet names each office-network (IPv4) address of this PC. */
function lanUrls(port: number): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `https://${a!.address}:${port}/`);
}

/** Built, this file is a chunk in out/main/chunks (renderer in out/renderer); from source, electron/cli. */
function rendererDir(): string {
  const candidates = ['../../renderer', '../renderer', '../../out/renderer'].map((p) => join(__dirname, p));
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0];
}
