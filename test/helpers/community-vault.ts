import { generateCommunity, type Community } from './community-generator';
import { TestVault } from './vault-fixture';

/** A vault holding ≥100k residents in 30k households with 90k records (tests and bench). */
export async function communityVault(): Promise<{ v: TestVault; c: Community }> {
  const v = await new TestVault().setup();
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
