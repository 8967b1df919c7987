import { createCipheriv, randomBytes } from 'node:crypto';
import { Keyring } from '../../electron/vault/keyring';
import { newUserKeys } from '../../electron/vault/user-keys';
import { seal } from '../../electron/vault/envelope';
import { timeIt, type BenchLine } from './harness';
import { tempDir } from '../helpers/vault-fixture';
import { join } from 'node:path';

/** Unlock = argon2id (64 MiB, t=3) + unwrap; beside it the raw AES-256-GCM throughput of this CPU. */
export async function benchVault(): Promise<BenchLine[]> {
  const vaultKey = randomBytes(32);
  const founder = newUserKeys();
  const ring = Keyring.create(
    join(tempDir('bench-'), 'keyring.json'),
    { vaultId: 'bench', now: new Date().toISOString(), vaultKey, founderId: 'u1', founder, recoveryRaw: randomBytes(32) },
    { randomBytes },
  );
  await ring.setUser('u1', 'bench', 'Bench-pass-2026', founder, vaultKey);
  const unlock = await timeIt(8, () => ring.unlockWithPassword('bench', 'Bench-pass-2026'));

  const buf = randomBytes(64 * 1024 * 1024);
  const key = randomBytes(32);
  const raw = await timeIt(3, () => {
    const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
    c.update(buf);
    c.final();
  });
  const env = await timeIt(3, () => seal(key, buf, 'aad', randomBytes(12)));
  const mbps = (ms: number) => (64 / (ms / 1000)).toFixed(0);
  return [
    { name: 'unlock (argon2id 64 MiB t=3 + unwrap) p50', value: `${unlock.p50.toFixed(0)} ms`, goal: '< 1000 ms', pass: unlock.p50 < 1000 },
    { name: 'raw node:crypto AES-256-GCM', value: `${mbps(raw.p50)} MB/s` },
    { name: 'envelope seal (AES-256-GCM + base64)', value: `${mbps(env.p50)} MB/s`, baseline: `${mbps(raw.p50)} MB/s`, ratio: (raw.p50 / env.p50).toFixed(2) },
  ];
}
