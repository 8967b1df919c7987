import argon2 from 'argon2';
import { z } from 'zod';

/**
 * The test switch for the KDF. Most tests are not about the KDF, yet every sign-in, new user and
 * password change costs one argon2id run at 64 MiB, t=3 (0.5–1.5 s on a busy 2-core CI machine,
 * hundreds of them per run). Those tests use TEST_KDF instead; the KDF's own tests
 * (test/integration/kdf.test.ts, vault.test.ts) and production always use PRODUCTION_KDF.
 *
 * Two locks, so a user can never weaken their vault by setting an environment variable:
 * - build time: `__KDF_TEST_SWITCH__` is a compile-time constant. `npm run dist` builds with
 *   `electron-vite build --mode release`, which makes it `false`; the bundler then drops the whole branch, the
 *   test parameters and the variable's name, so the packaged app has no code that could read
 *   them. electron-builder's beforePack hook (resources/build/before-pack.cjs) refuses to pack
 *   an out/ that still contains the variable's name. Code run from source without a define
 *   (tsx: the bench) reads `typeof … === 'undefined'` and is production too.
 * - run time: in a test-capable build (`npm run build`, vitest) the switch is on only while
 *   ARCHIVE_ROOM_TEST_KDF=1 is set for the process.
 * The floor follows the switch: a keyring whose parameters are below the production floor is
 * refused (KEYRING_WEAK_KDF) by every process the switch is off in, so an archive made by a test
 * can never be opened, let alone extended, by the real app.
 */
declare const __KDF_TEST_SWITCH__: boolean;

/** argon2id at 64 MiB, t=3: the production parameters and the floor for every stored key. */
export const PRODUCTION_KDF = { memoryKiB: 65536, iterations: 3, parallelism: 1 } as const;
/** Still argon2id (the same code path), sized for speed: about 2 ms. Tests only. */
const TEST_KDF = { memoryKiB: 256, iterations: 1, parallelism: 1 } as const;

type Profile = { readonly memoryKiB: number; readonly iterations: number; readonly parallelism: number };

/** The parameters new keys get, which are also the floor a stored key must meet. */
export function kdfProfile(): Profile {
  if (typeof __KDF_TEST_SWITCH__ !== 'undefined' && __KDF_TEST_SWITCH__ && process.env.ARCHIVE_ROOM_TEST_KDF === '1') return TEST_KDF;
  return PRODUCTION_KDF;
}

/** argon2id parameters, stored beside every wrapped key so they can be raised later. */
export const KdfParams = z.object({
  alg: z.literal('argon2id'),
  memoryKiB: z.number().int().min(8),
  iterations: z.number().int().min(1),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().min(16), // base64
});
export type KdfParams = z.infer<typeof KdfParams>;

/** Whether stored parameters meet the floor of this process (see kdfProfile). */
export function meetsFloor(p: KdfParams): boolean {
  const floor = kdfProfile();
  return p.memoryKiB >= floor.memoryKiB && p.iterations >= floor.iterations;
}

export function newKdfParams(randomBytes: (n: number) => Buffer): KdfParams {
  return { alg: 'argon2id', ...kdfProfile(), salt: randomBytes(16).toString('base64') };
}

/** Password → 32-byte key-encryption key. */
export async function deriveKek(password: string, p: KdfParams): Promise<Buffer> {
  return argon2.hash(password.normalize('NFC'), {
    type: argon2.argon2id,
    memoryCost: p.memoryKiB,
    timeCost: p.iterations,
    parallelism: p.parallelism,
    salt: Buffer.from(p.salt, 'base64'),
    hashLength: 32,
    raw: true,
  });
}
