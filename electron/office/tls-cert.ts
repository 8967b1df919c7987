import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The office server's TLS identity: an ECDSA P-256 key pair and a self-signed X.509 certificate,
 * made at the first `serve` and kept in the data folder (key file 0600). No library in
 * node_modules makes certificates without becoming a new dependency, and openssl is not on every
 * Windows server, so the certificate is a few lines of DER signed with node:crypto (below).
 * Clients trust it by its SHA-256 fingerprint (pinned-client.ts), never by a CA.
 */
export interface ServerIdentity {
  key: string;
  cert: string;
  /** "AB:CD:…", 32 bytes, as `openssl x509 -fingerprint -sha256` and browsers print it. */
  fingerprint: string;
}

export const TLS_FILES = { key: 'server-key.pem', cert: 'server-cert.pem' };

export function loadOrCreateIdentity(dataDir: string, names: string[] = [], now = new Date()): ServerIdentity & { created: boolean } {
  const keyFile = join(dataDir, TLS_FILES.key);
  const certFile = join(dataDir, TLS_FILES.cert);
  if (existsSync(keyFile) && existsSync(certFile)) {
    chmodSync(keyFile, 0o600);
    const key = readFileSync(keyFile, 'utf8');
    const cert = readFileSync(certFile, 'utf8');
    return { key, cert, fingerprint: fingerprintOf(cert), created: false };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cert = selfSignedCert(privateKey, publicKey, ['localhost', hostname(), ...names], now);
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  // Written beside and renamed (NAME.tmp-PID, which the start-up sweep clears): a crash never leaves half a key.
  writeFileSync(`${keyFile}.tmp-${process.pid}`, key, { mode: 0o600 });
  renameSync(`${keyFile}.tmp-${process.pid}`, keyFile);
  writeFileSync(`${certFile}.tmp-${process.pid}`, cert, { mode: 0o644 });
  renameSync(`${certFile}.tmp-${process.pid}`, certFile);
  return { key, cert, fingerprint: fingerprintOf(cert), created: true };
}

/** SHA-256 over the certificate's DER, upper-case hex pairs joined by colons. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** "ab cd…", "AB:CD…" and "abcd…" name the same fingerprint. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

// ---------- a minimal DER encoder: only what one self-signed certificate needs ----------

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bitString = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const explicit = (n: number, b: Buffer) => tlv(0xa0 + n, b);

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  return tlv(0x02, v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const parts = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) parts.unshift((v & 0x7f) | 0x80);
    bytes.push(...parts);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function ipBytes(s: string): Buffer | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  return m ? Buffer.from(m.slice(1).map(Number)) : null;
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

function selfSignedCert(privateKey: KeyObject, publicKey: KeyObject, names: string[], now: Date): string {
  const cn = seq(set(seq(oid('2.5.4.3'), utf8('Archive Room office server 档案室'))));
  const alt: Buffer[] = [];
  // Names a certificate may carry as IA5 text: host names and IPv4 addresses (others are left out).
  for (const n of [...new Set(names.filter((x) => /^[A-Za-z0-9.-]+$/.test(x)))]) {
    const ip = ipBytes(n);
    alt.push(ip ? tlv(0x87, ip) : tlv(0x82, Buffer.from(n, 'ascii')));
  }
  alt.push(tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = explicit(
    3,
    seq(
      seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), octets(seq())), // basicConstraints, critical, not a CA
      seq(oid('2.5.29.17'), octets(seq(...alt))), // subjectAltName
    ),
  );
  const notBefore = new Date(now.getTime() - 24 * 3600_000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    seq(oid(ECDSA_SHA256)),
    cn,
    seq(time(notBefore), time(notAfter)),
    cn,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  const der = seq(tbs, seq(oid(ECDSA_SHA256)), bitString(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
  // Checked by the same parser TLS uses: a malformed certificate never reaches the disk.
  const x = new X509Certificate(pem);
  if (!x.verify(publicKey) || !x.checkPrivateKey(privateKey)) {
    throw new Error('self-signed certificate does not verify');
  }
  return pem;
}

export function sha256Hex(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}
