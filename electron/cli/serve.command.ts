import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** Built, this file is a chunk in out/main/chunks (renderer in out/renderer); from source, electron/cli. */
function rendererDir(): string {
  const candidates = ['../../renderer', '../renderer', '../../out/renderer'].map((p) => join(__dirname, p));
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0];
}
