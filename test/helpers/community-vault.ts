import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCommunity, type Community } from './community-generator';
import { ADMIN, tempDir, TEST_ENGINE, TestVault } from './vault-fixture';

/** A vault holding ≥100k residents in 30k households with 90k records (tests and bench). */
export async function communityVault(): Promise<{ v: TestVault; c: Community }> {
  const runDir = process.env.ARCHIVE_ROOM_TEST_RUN_DIR;
  // SQLCipher archives under vitest: build the volume once per run and give every file a copy.
  if (runDir && TEST_ENGINE === 'sqlcipher') return copyOfRunCommunity(runDir);
  return buildCommunityVault(new TestVault());
}

async function buildCommunityVault(v: TestVault): Promise<{ v: TestVault; c: Community }> {
  await v.setup();
  const c = await v.core.services.db.write((tx) => generateCommunity(tx, { households: 30_000, residentsPerHousehold: 3, recordsPerResident: 1 }));
  // One more member in every ninth household row: 100k residents in all.
  await v.core.services.db.write((tx) =>
    tx.query(
      `INSERT INTO residents SELECT 'x' || id, household_id, name || '儿', name_pinyin || 'er', name_initials || 'e', gender, birth_date, NULL, ethnicity,
        political_status, education, occupation, employer, NULL, hukou_place, move_in_date, resident_type, '子女', marital_status, health, disability,
        medical_insurance, social_insurance, subsistence, family_planning, special_categories, notes, review_status, created_at, updated_at, status, status_on
       FROM residents WHERE ${v.core.services.db.dialect.kind === 'postgres' ? 'CAST(substr(id, 2) AS integer) % 9 = 0' : 'rowid % 9 = 0'}`,
    ),
  );
  return { v, c };
}

/**
 * dashboard.test and register-volume.test each need the same generated archive, and each changes
 * it; building it (≈100k rows through the real triggers and search index) is most of their time.
 * The first file to ask builds it into the run's folder (test/setup/run-dir.ts) — made by the
 * same `auth.setup` and the same generator as before — and closes it; every file then works on a
 * copy of that closed archive folder, signed in as the administrator again. `ready` appears only
 * after the folder is whole (rename), so a second worker waiting on the lock never copies half.
 */
async function copyOfRunCommunity(runDir: string): Promise<{ v: TestVault; c: Community }> {
  const ready = join(runDir, 'community');
  const lock = join(runDir, 'community.lock');
  const meta = join(runDir, 'community.json');
  let mine = false;
  if (!existsSync(ready)) {
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Another worker builds it: wait for its rename (or for it to give up).
      const t0 = Date.now();
      while (!existsSync(ready) && existsSync(lock) && Date.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 200));
    }
  }
  // Taken the lock just after the builder let it go: the archive is there already.
  if (mine && existsSync(ready)) {
    rmSync(lock, { recursive: true, force: true });
    mine = false;
  }
  if (mine) {
    const building = join(runDir, 'community-building');
    try {
      const { v, c } = await buildCommunityVault(new TestVault(building));
      await v.close();
      writeFileSync(meta, JSON.stringify(c));
      renameSync(building, ready);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  if (!existsSync(ready)) return buildCommunityVault(new TestVault());
  const dir = tempDir();
  cpSync(ready, dir, { recursive: true });
  const v = new TestVault(dir);
  await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
  return { v, c: JSON.parse(readFileSync(meta, 'utf8')) as Community };
}
