import { isOfficeLinkProblem, parseOfficeLink } from '../../shared/domain/office-link';
import { FingerprintMismatch, OfficeClient } from '../office/pinned-client';
import type { CliOut } from './commands';

/**
 * `archive-room connect URL --fingerprint FP` (or `--code` with the connection sheet's QR text): the first step of connecting a PC to the office
 * archive. Talks to the server only if its certificate has the fingerprint the administrator read
 * off the server (or its systemd journal), and says whether it is unlocked. Exit 0 = the right
 * server answered; 3 = a different certificate (nothing was sent); 1 = unreachable.
 */
export async function cmdConnect(args: { url?: string; fingerprint?: string; code?: string; name?: string }, out: CliOut): Promise<number> {
  let { url, fingerprint } = args;
  const { name } = args;
  if (args.code !== undefined) {
    // The text of the connection sheet's QR code (server-sheet.pdf.ts) holds both.
    const link = parseOfficeLink(args.code);
    if (isOfficeLinkProblem(link)) {
      out.err(`${link.zh} / ${link.en}`);
      return 64;
    }
    ({ url, fingerprint } = link);
  }
  if (!url || !fingerprint) {
    out.err('connect 需要服务器地址和 --fingerprint / connect needs the server URL and --fingerprint');
    return 64;
  }
  let client: OfficeClient;
  try {
    client = new OfficeClient({ url, fingerprint, clientName: name, timeoutMs: 10_000 });
  } catch (e) {
    out.err(`参数错误 / bad arguments: ${(e as Error).message}`);
    return 64;
  }
  try {
    const r = await client.call<{ setUp: boolean; serverLocked?: boolean }>('auth.status');
    if (!r.ok) {
      out.err(`${r.error.zh} / ${r.error.en}`);
      return 1;
    }
    out.log(`证书指纹一致 / certificate fingerprint matches: ${url}`);
    if (!r.value.setUp) out.log('服务器上尚无档案库 / the server has no archive yet');
    else if (r.value.serverLocked) out.log('服务器已锁定：须由管理员登录解锁 / the server is locked: an administrator must sign in to unlock it');
    else out.log('服务器已解锁，可在浏览器中打开上述地址登录 / the server is unlocked: open the address in a browser and sign in');
    return 0;
  } catch (e) {
    if (e instanceof FingerprintMismatch) {
      out.err(`证书指纹不符，未发送任何数据：${e.actual} ≠ ${e.expected} / the certificate fingerprint differs; nothing was sent`);
      return 3;
    }
    out.err(`无法连接 / cannot reach ${url}: ${(e as Error).message}`);
    return 1;
  } finally {
    client.close();
  }
}
