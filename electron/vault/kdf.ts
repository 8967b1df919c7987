import argon2 from 'argon2';
import { z } from 'zod';

/** argon2id parameters, stored beside every wrapped key so they can be raised later. */
export const KdfParams = z.object({
  alg: z.literal('argon2id'),
  memoryKiB: z.number().int().min(65536),
  iterations: z.number().int().min(3),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().min(16), // base64
});
export type KdfParams = z.infer<typeof KdfParams>;

export const DEFAULT_KDF = { memoryKiB: 65536, iterations: 3, parallelism: 1 } as const;

export function newKdfParams(randomBytes: (n: number) => Buffer): KdfParams {
  return { alg: 'argon2id', ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') };
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
