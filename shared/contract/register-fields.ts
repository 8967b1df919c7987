import { z } from 'zod';
import { CARRIERS, RECORD_STATUSES, RESIDENT_CLASSES, RETENTION_CLASSES, SENSITIVITIES } from '../domain/archive-types';
import { RESIDENT_TYPES } from '../domain/resident-types';
import { CITIZEN_ID_MESSAGES, normalizeCitizenId, parseCitizenId } from '../domain/citizen-id';
import { CATEGORY_CODE_RE } from '../domain/record-categories';
import { parseSheetDate } from '../domain/sheet-dates';
import { bi } from './channel';

/** Field schemas of the register, with messages in both languages at the field. */
export const DateStr = z.string().transform((raw, ctx) => {
  // One date reader for forms and the importer (sheet-dates.ts): 2008.5.1, 2008/05/01, 2008-5-1,
  // 2008年5月1日 and 20080501 all mean 2008-05-01. A five-digit Excel serial is a sheet's, not a person's.
  const s = raw.trim();
  const r = /^\d{5}(\.\d+)?$/.test(s) ? ({ ok: false, impossible: false } as const) : parseSheetDate(s);
  if (r.ok && r.value) return r.value;
  ctx.addIssue({
    code: 'custom',
    message:
      !r.ok && r.impossible
        ? bi('日期不存在', 'This date does not exist')
        : bi('日期格式应为 年-月-日，如 2008-05-01、2008.5.1 或 2008年5月1日', 'Dates look like 2008-05-01, 2008.5.1 or 2008/5/1'),
  });
  return z.NEVER;
});

const txt = (max: number) =>
  z
    .string()
    .trim()
    .max(max, bi(`最多 ${max} 个字`, `At most ${max} characters`));
const optTxt = (max: number) =>
  txt(max)
    .nullish()
    .transform((v) => (v ? v : null));
const req = (max: number, zh: string, en: string) => txt(max).min(1, bi(`请填写${zh}`, `Enter the ${en}`));

export const Code = z
  .string()
  .trim()
  .min(1, bi('请填写编号', 'Enter a code'))
  .max(16)
  .regex(/^[\p{L}\p{N}_-]+$/u, bi('编号只能含文字、数字、- _', 'Codes use letters, digits, - _ only'));
export const Phone = z
  .string()
  .trim()
  .regex(/^[\d+\-\s]{5,20}$/, bi('电话号码格式不正确', 'Phone number looks wrong'));

export const GridInput = z.object({ name: req(60, '网格名称', 'grid name'), code: Code, worker: optTxt(40), note: optTxt(500) });
export const BuildingInput = z.object({
  gridId: z.string().min(1),
  name: req(60, '楼栋名称', 'building name'),
  code: Code,
  address: optTxt(200),
  note: optTxt(500),
});
export const UnitInput = z.object({ buildingId: z.string().min(1), name: req(40, '单元名称', 'unit name'), code: Code });

export const RESIDENCE_TYPES = ['own', 'rented', 'other'] as const;
export const HouseholdInput = z.object({
  unitId: z.string().min(1, bi('请选择单元', 'Choose a unit')),
  room: req(16, '房号', 'room number'),
  residenceType: z.enum(RESIDENCE_TYPES),
  tagIds: z.array(z.string()).max(20).default([]),
  note: optTxt(500),
});

export const SPECIAL_CATEGORIES = ['subsistence', 'extreme_poverty', 'disabled_family', 'key_person', 'elderly_alone', 'left_behind_child'] as const;

export const ResidentInput = z
  .object({
    householdId: z.string().min(1, bi('请选择住户', 'Choose a household')),
    name: req(40, '姓名', 'name'),
    gender: z.enum(['male', 'female']).nullish(),
    birthDate: DateStr.nullish(),
    // Stored as the check reads it: full-width digits, spaces and a lower-case x are the same ID.
    citizenId: z
      .string()
      .trim()
      .max(30)
      .nullish()
      .transform((v) => (v ? normalizeCitizenId(v) || null : null)),
    ethnicity: optTxt(20),
    politicalStatus: optTxt(20),
    education: optTxt(20),
    occupation: optTxt(40),
    employer: optTxt(100),
    phone: Phone.nullish()
      .or(z.literal(''))
      .transform((v) => (v ? v : null)),
    hukouPlace: optTxt(100),
    moveInDate: DateStr.nullish(),
    residentType: z.enum(RESIDENT_TYPES),
    relationToHead: optTxt(20),
    maritalStatus: optTxt(20),
    health: optTxt(40),
    disability: optTxt(40),
    medicalInsurance: optTxt(40),
    socialInsurance: optTxt(40),
    subsistence: optTxt(40),
    familyPlanning: optTxt(60),
    specialCategories: z.array(z.enum(SPECIAL_CATEGORIES)).default([]),
    notes: optTxt(1000),
  })
  .superRefine((r, ctx) => {
    if (!r.citizenId) return;
    const p = parseCitizenId(r.citizenId);
    if (!p.ok) {
      const m = CITIZEN_ID_MESSAGES[p.problem];
      ctx.addIssue({ code: 'custom', path: ['citizenId'], message: bi(m.zh, m.en) });
      return;
    }
    if (r.birthDate && r.birthDate !== p.info.birthDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: bi(`出生日期与身份证号不符（应为 ${p.info.birthDate}）`, `Birth date differs from the citizen ID (${p.info.birthDate})`),
      });
    }
    if (r.gender && r.gender !== p.info.gender) {
      ctx.addIssue({ code: 'custom', path: ['gender'], message: bi('性别与身份证号不符', 'Gender differs from the citizen ID') });
    }
  });
export type ResidentInput = z.output<typeof ResidentInput>;

export const LocationInput = z.object({
  room: req(40, '库房', 'room'),
  cabinet: req(20, '柜号', 'cabinet'),
  shelf: req(20, '层/架', 'shelf'),
  box: req(20, '盒号', 'box'),
  note: optTxt(200),
});

export const RecordInput = z
  .object({
    /** Empty: the next number from the pattern is issued. */
    archiveNo: z
      .string()
      .trim()
      .max(64)
      .nullish()
      .transform((v) => (v ? v : null)),
    title: req(200, '题名', 'title'),
    responsible: optTxt(60),
    residentId: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    householdId: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    buildingId: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    residentClass: z.enum(RESIDENT_CLASSES),
    /** A code of the category register (设置 → 档案分类); the service checks it is there and may be chosen. */
    contentCategory: z
      .string()
      .trim()
      .min(1, bi('请选择档案分类', 'Choose a category'))
      .max(16)
      .regex(CATEGORY_CODE_RE, bi('分类代码只能含文字、数字、- _', 'Category codes use letters, digits, - _ only')),
    carrier: z.enum(CARRIERS),
    pages: z.number().int(bi('页数应为整数', 'Pages are a whole number')).min(0, bi('页数不能为负', 'Pages cannot be negative')).max(100000),
    items: z.number().int().min(1, bi('件数至少为 1', 'At least one item')).max(10000).default(1),
    dateFrom: DateStr.nullish(),
    dateTo: DateStr.nullish(),
    year: z.number().int().min(1900, bi('年度不正确', 'Year looks wrong')).max(2200, bi('年度不正确', 'Year looks wrong')),
    sensitivity: z.enum(SENSITIVITIES),
    retentionClass: z.enum(RETENTION_CLASSES),
    retentionYears: z.number().int().min(1).max(200).nullish(),
    locationId: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    note: optTxt(1000),
  })
  .superRefine((r, ctx) => {
    if (r.dateFrom && r.dateTo && r.dateFrom > r.dateTo) {
      ctx.addIssue({ code: 'custom', path: ['dateTo'], message: bi('截止日期早于起始日期', 'The end date is before the start date') });
    }
    if (r.retentionClass === 'CUSTOM' && !r.retentionYears) {
      ctx.addIssue({ code: 'custom', path: ['retentionYears'], message: bi('自定义保管期限须填写年数', 'Custom retention needs a number of years') });
    }
    if (r.carrier !== 'electronic' && !r.locationId) {
      ctx.addIssue({ code: 'custom', path: ['locationId'], message: bi('纸质档案须指定存放位置', 'Paper records need a location') });
    }
  });
export type RecordInput = z.output<typeof RecordInput>;

export const RecordStatusSchema = z.enum(RECORD_STATUSES);
