import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalFingerprint,
  isOfficeLinkProblem,
  officeTarget,
  type OfficeLink,
  type OfficeLinkProblem,
  type OfficeTargetInput,
} from '../../shared/domain/office-link';
import { PDF_VIEWER_ORIGIN } from '../main/window-options';
import { FingerprintMismatch, OfficeClient } from './pinned-client';

/**
 * The decisions behind an Electron PC that is an office client (electron/main/office-client.ts is
 * the thin Electron glue around them). Plain Node, so every rule here runs under vitest:
 *
 * - what is stored: the address and the pinned fingerprint, in one file in the user-data folder;
 *   nothing else (no user names, no session, no resident data);
 * - which certificate the client's browser session accepts: only the pinned one, on the stored host;
 * - the check made before storing: the server answers through the pin.
 */
export const OFFICE_CLIENT_FILE = 'office-client.json';

export interface StoredOfficeLink {
  version: 1;
  url: string;
  fingerprint: string;
}

/** Exactly the two fields, in their canonical spelling. */
export function storedForm(link: OfficeLink): StoredOfficeLink {
  return { version: 1, url: new URL(link.url).origin, fingerprint: canonicalFingerprint(link.fingerprint) };
}

/**
 * The stored link, or null when this PC has made no choice yet. A file that does not read back as
 * a valid link (edited by hand, cut short) counts as no choice: the first-run screen asks again.
 */
export function readOfficeLink(userDataDir: string): OfficeLink | null {
  const file = join(userDataDir, OFFICE_CLIENT_FILE);
  if (!existsSync(file)) return null;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredOfficeLink>;
    if (raw.version !== 1) return null;
    const link = officeTarget({ url: raw.url, fingerprint: raw.fingerprint });
    return isOfficeLinkProblem(link) ? null : link;
  } catch {
    return null;
  }
}

/** Written beside and renamed, 0600: a crash never leaves half a file, other accounts cannot change the pin. */
export function writeOfficeLink(userDataDir: string, link: OfficeLink): StoredOfficeLink {
  const stored = storedForm(link);
  const file = join(userDataDir, OFFICE_CLIENT_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return stored;
}

/** "This PC keeps the archive" again (or a different server): the choice is forgotten. */
export function forgetOfficeLink(userDataDir: string): void {
  rmSync(join(userDataDir, OFFICE_CLIENT_FILE), { force: true });
}

/** Chromium's verdicts for session.setCertificateVerifyProc: 0 accepts, -2 refuses (net::ERR_FAILED). */
export const CERT_ACCEPT = 0;
export const CERT_REFUSE = -2;

/** The part of Electron's certificate-verify request this rule reads (certificate.data is PEM). */
export interface CertificateRequest {
  hostname: string;
  certificate: { data: string };
}

/**
 * The whole of the client session's trust: a connection is accepted only to the stored host, and
 * only when the certificate's SHA-256 over its DER is the pinned fingerprint. Chromium's own
 * verdict is not consulted (the certificate is self-signed: it would always fail, and a CA-signed
 * certificate for another server must not pass either). Anything else, any host, any error: refused.
 */
export function certificateVerdict(link: OfficeLink, req: CertificateRequest): number {
  try {
    const host = new URL(link.url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (req.hostname.replace(/^\[|\]$/g, '').toLowerCase() !== host) return CERT_REFUSE;
    const actual = new X509Certificate(req.certificate.data).fingerprint256;
    return canonicalFingerprint(actual) === canonicalFingerprint(link.fingerprint) ? CERT_ACCEPT : CERT_REFUSE;
  } catch {
    return CERT_REFUSE;
  }
}

/** Requests the client session lets through: the pinned origin (and Chromium's own in-page schemes). */
export function clientRequestAllowed(link: OfficeLink, rawUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return false;
  }
  if (u.protocol === 'blob:') return clientRequestAllowed(link, rawUrl.slice('blob:'.length));
  // Inline images the page makes, and Chromium's PDF viewer for the in-memory preview.
  if (u.protocol === 'data:') return true;
  if (u.protocol === 'chrome-extension:') return `${u.protocol}//${u.host}` === PDF_VIEWER_ORIGIN;
  return u.origin === new URL(link.url).origin;
}

export type ConnectResult = { ok: true; link: OfficeLink; setUp: boolean; serverLocked: boolean } | { ok: false; problem: OfficeLinkProblem };

/**
 * The check before anything is stored: the address and fingerprint (or the code) are read, then the
 * server is asked for its status through the pin. A different certificate is refused before a byte
 * of the request is written (pinned-client.ts); an unreachable server is named as such.
 */
export async function checkOfficeServer(input: OfficeTargetInput, timeoutMs = 10_000): Promise<ConnectResult> {
  const link = officeTarget(input);
  if (isOfficeLinkProblem(link)) return { ok: false, problem: link };
  const client = new OfficeClient({ url: link.url, fingerprint: link.fingerprint, timeoutMs });
  try {
    const r = await client.call<{ setUp: boolean; serverLocked?: boolean }>('auth.status');
    if (!r.ok) return { ok: false, problem: { zh: r.error.zh, en: r.error.en } };
    return { ok: true, link, setUp: r.value.setUp, serverLocked: r.value.serverLocked === true };
  } catch (e) {
    if (e instanceof FingerprintMismatch)
      return {
        ok: false,
        problem: {
          zh: '该地址上服务器的证书指纹与输入的不符，未发送任何数据。请核对连接单，或询问管理员。',
          en: 'The certificate fingerprint of the server at that address differs from the one entered; nothing was sent. Check the connection sheet or ask the administrator.',
        },
      };
    return {
      ok: false,
      problem: {
        zh: `无法连接到 ${link.url}：请确认地址、端口，以及服务器已启动。`,
        en: `Cannot reach ${link.url}: check the address and port, and that the server is running.`,
      },
    };
  } finally {
    client.close();
  }
}
