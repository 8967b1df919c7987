import { EntitySchema } from 'typeorm';
import { HouseholdEntity } from './household.entity';

/** The community's basic-information form (~28 items, domain.md), plus search keys. */
export interface ResidentRecord {
  id: string;
  householdId: string;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: string | null; // male | female
  birthDate: string | null; // YYYY-MM-DD
  citizenId: string | null;
  ethnicity: string | null;
  politicalStatus: string | null;
  education: string | null;
  occupation: string | null;
  employer: string | null;
  phone: string | null;
  hukouPlace: string | null;
  moveInDate: string | null;
  residentType: string; // registered | unregistered | floating
  relationToHead: string | null;
  maritalStatus: string | null;
  health: string | null;
  disability: string | null;
  medicalInsurance: string | null;
  socialInsurance: string | null;
  subsistence: string | null;
  familyPlanning: string | null;
  specialCategories: string; // JSON array of codes
  notes: string | null;
  reviewStatus: string;
  /** Roster status: active | moved_out | dead (changed by life events only). */
  status: string;
  /** The day of the event that set the status (迁出 / 死亡 date). */
  statusOn: string | null;
  createdAt: string;
  updatedAt: string;
}

const s = (name: string, length: number) => ({ name, type: 'varchar' as const, length, nullable: true });

export const ResidentEntity = new EntitySchema<ResidentRecord>({
  name: 'Resident',
  tableName: 'residents',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    householdId: { name: 'household_id', type: 'varchar', length: 36 },
    name: { type: 'varchar', length: 40 },
    namePinyin: { name: 'name_pinyin', type: 'varchar', length: 240 },
    nameInitials: { name: 'name_initials', type: 'varchar', length: 40 },
    gender: s('gender', 8),
    birthDate: s('birth_date', 10),
    citizenId: s('citizen_id', 18),
    ethnicity: s('ethnicity', 20),
    politicalStatus: s('political_status', 20),
    education: s('education', 20),
    occupation: s('occupation', 40),
    employer: s('employer', 100),
    phone: s('phone', 20),
    hukouPlace: s('hukou_place', 100),
    moveInDate: s('move_in_date', 10),
    residentType: { name: 'resident_type', type: 'varchar', length: 16 },
    relationToHead: s('relation_to_head', 20),
    maritalStatus: s('marital_status', 20),
    health: s('health', 40),
    disability: s('disability', 40),
    medicalInsurance: s('medical_insurance', 40),
    socialInsurance: s('social_insurance', 40),
    subsistence: s('subsistence', 40),
    familyPlanning: s('family_planning', 60),
    specialCategories: { name: 'special_categories', type: 'text' },
    notes: { type: 'text', nullable: true },
    reviewStatus: { name: 'review_status', type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 12, default: 'active' },
    statusOn: { name: 'status_on', type: 'varchar', length: 10, nullable: true },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
  indices: [
    { name: 'idx_residents_household', columns: ['householdId'] },
    { name: 'idx_residents_citizen_id', columns: ['citizenId'] },
    { name: 'idx_residents_phone', columns: ['phone'] },
    { name: 'idx_residents_initials', columns: ['nameInitials'] },
    { name: 'idx_residents_pinyin', columns: ['namePinyin'] },
  ],
  foreignKeys: [{ target: HouseholdEntity, columnNames: ['householdId'], referencedColumnNames: ['id'] }],
});
