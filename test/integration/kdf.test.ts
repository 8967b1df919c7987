import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { PRODUCTION_KDF } from '../../electron/vault/kdf';
import viteConfig from '../../electron.vite.config';
import { ADMIN, TestVault } from '../helpers/vault-fixture';

/**
 * The KDF's own tests: this file runs in the vitest project 'kdf' without the test switch
 * (ARCHIVE_ROOM_TEST_KDF=0), so it sees what production sees: argon2id at 64 MiB, t=3.
 */
const require = createRequire(import.meta.url);
const beforePack = require('../../resources/build/before-pack.cjs') as { assertReleaseBuild(dir: string): void; SWITCH_NAME: string };

const vaults: TestVault[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  while (vaults.length) await vaults.pop()!.destroy();
});
async function freshVault(): Promise<TestVault> {
  const v = await new TestVault().setup();
  vaults.push(v);
  return v;
}
const storedKdf = (v: TestVault) => (JSON.parse(readFileSync(v.core.paths.keyring, 'utf8')) as { users: { kdf: object }[] }).users.map((u) => u.kdf);

/** electron/vault/kdf.ts compiled with the main-process define of electron.vite.config.ts for `mode`. */
async function kdfBuiltFor(mode: string): Promise<string> {
  const config = typeof viteConfig === 'function' ? await viteConfig({ mode, command: 'build' }) : viteConfig;
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    define: config.main!.define,
    build: {
      write: false,
      ssr: true,
      minify: false,
      rollupOptions: { input: join(__dirname, '../../electron/vault/kdf.ts'), output: { format: 'cjs' } },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunk = (Array.isArray(out) ? out[0] : out).output.find((o) => o.type === 'chunk')!;
  return chunk.code;
}

describe('KDF: argon2id 64 MiB, t=3 for every stored key; the test switch never reaches a release', () => {
  it('stores argon2id parameters (≥ 64 MiB, t ≥ 3) with every wrapped key', async () => {
    const v = await freshVault();
    await v.userWithRole('keeper');
    const ring = JSON.parse(readFileSync(v.core.paths.keyring, 'utf8'));
    expect(ring.version).toBe(2);
    expect(ring.users).toHaveLength(2);
    for (const kdf of storedKdf(v)) expect(kdf).toMatchObject({ alg: 'argon2id', memoryKiB: 65536, iterations: 3 });
    // The founder's signing key is the trust anchor, and the recovery key has its own seal.
    expect(ring.founder.signPublic).toBe(ring.users[0].signPublic);
    expect(ring.recovery.vaultKey.ct).not.toBe('');
  });

  it('an archive made with the test parameters is refused where the switch is off, and nothing is written', async () => {
    vi.stubEnv('ARCHIVE_ROOM_TEST_KDF', '1');
    const v = await freshVault();
    expect(storedKdf(v)[0]).toMatchObject({ memoryKiB: 256, iterations: 1 });
    await v.close();
    const ringBefore = readFileSync(v.core.paths.keyring, 'utf8');

    vi.stubEnv('ARCHIVE_ROOM_TEST_KDF', '0');
    const prod = new ArchiveCore({ dataDir: v.dataDir });
    try {
      await expect(prod.signIn('c', ADMIN.username, ADMIN.password)).rejects.toMatchObject({ code: 'KEYRING_WEAK_KDF' });
    } finally {
      await prod.close();
    }
    expect(readFileSync(v.core.paths.keyring, 'utf8')).toBe(ringBefore);
  });

  it('a release build (`--mode release`) has no test parameters and no way to read the switch', async () => {
    const release = await kdfBuiltFor('release');
    expect(release).not.toContain(beforePack.SWITCH_NAME);
    expect(release).not.toMatch(/memoryKiB: 256\b/);
    // The test-capable build keeps both (so the check above can fail).
    const testBuild = await kdfBuiltFor('production');
    expect(testBuild).toContain(beforePack.SWITCH_NAME);

    // Run the release module with the switch set: it still hands out production parameters.
    // Inside the project, so its require('argon2') and require('zod') resolve.
    mkdirSync('out-test', { recursive: true });
    const dir = mkdtempSync(join(process.cwd(), 'out-test', 'kdf-release-'));
    try {
      writeFileSync(join(dir, 'kdf.cjs'), release);
      vi.stubEnv('ARCHIVE_ROOM_TEST_KDF', '1');
      const mod = require(join(dir, 'kdf.cjs')) as { kdfProfile(): object };
      expect(mod.kdfProfile()).toEqual(PRODUCTION_KDF);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('electron-builder refuses to pack a test-capable out/', () => {
    // test/setup/fresh-build.ts made out/ with `electron-vite build` (test-capable).
    expect(() => beforePack.assertReleaseBuild('out/main')).toThrow(/test build/);
    const clean = mkdtempSync(join(tmpdir(), 'kdf-pack-'));
    try {
      writeFileSync(join(clean, 'index.js'), 'module.exports = 1;');
      expect(() => beforePack.assertReleaseBuild(clean)).not.toThrow();
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});
