import { z } from 'zod';
import { bi, channel } from './channel';
import { Empty, Id } from './common';
import { RESIDENT_STATUSES } from '../domain/life-events';
import { RESIDENT_TYPES } from '../domain/resident-types';

/**
 * 花名册: the residents roster beside the households. Filters run on the Node side; paging is by
 * keyset (the last row's sort values), so page 500 costs what page 1 costs at 100k residents.
 */
const yesNo = z.enum(['yes', 'no']).optional();
const age = z
  .number()
  .int(bi('年龄应为整数', 'Ages are whole numbers'))
  .min(0, bi('年龄不能为负', 'Ages cannot be negative'))
  .max(150, bi('年龄最大为 150', 'Ages go up to 150'))
  .optional();
const year = z.number().int().min(1900, bi('年份不正确', 'Year looks wrong')).max(2200, bi('年份不正确', 'Year looks wrong')).optional();

export const RosterFilters = z
  .object({
    gridId: z.string().max(64).optional(),
    buildingId: z.string().max(64).optional(),
    unitId: z.string().max(64).optional(),
    ageMin: age,
    ageMax: age,
    gender: z.enum(['male', 'female']).optional(),
    residentTypes: z.array(z.enum(RESIDENT_TYPES)).max(RESIDENT_TYPES.length).optional(),
    /** Households carrying any of these tags. */
    tagIds: z.array(z.string().max(64)).max(20).optional(),
    partyMember: yesNo,
    /** Sensitive (roster-policy.ts): keepers and administrators only. */
    disabled: yesNo,
    subsistence: yesNo,
    health: z.string().trim().max(40).optional(),
    moveInFrom: year,
    moveInTo: year,
    /** Part of a name (汉字 or pinyin initials are matched by the search box; here the name only). */
    name: z.string().trim().max(40).optional(),
    /** Roster status (life events): the active roster by default; 'departed' = moved out or dead. */
    status: z.enum(['all', 'departed', ...RESIDENT_STATUSES]).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.ageMin !== undefined && f.ageMax !== undefined && f.ageMin > f.ageMax) {
      ctx.addIssue({ code: 'custom', path: ['ageMax'], message: bi('最大年龄小于最小年龄', 'The highest age is below the lowest') });
    }
    if (f.moveInFrom !== undefined && f.moveInTo !== undefined && f.moveInFrom > f.moveInTo) {
      ctx.addIssue({ code: 'custom', path: ['moveInTo'], message: bi('迁入截止年份早于起始年份', 'The last move-in year is before the first') });
    }
  });
export type RosterFilters = z.infer<typeof RosterFilters>;

export const ROSTER_SORTS = ['address', 'name', 'age', 'gender', 'residentType', 'moveInDate'] as const;
export const RosterSort = z.object({ key: z.enum(ROSTER_SORTS).default('address'), dir: z.enum(['asc', 'desc']).default('asc') });
export type RosterSort = z.infer<typeof RosterSort>;

/** The last row's sort values, as the server handed them out (opaque to the renderer). */
export const RosterCursor = z.array(z.union([z.string(), z.number(), z.null()])).max(12);

export const RosterRow = z.object({
  id: z.string(),
  householdId: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  /** On the archive's date. */
  age: z.number().nullable(),
  citizenIdMasked: z.string().nullable(),
  residentType: z.string(),
  relationToHead: z.string().nullable(),
  politicalStatus: z.string().nullable(),
  moveInDate: z.string().nullable(),
  grid: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  address: z.string(),
  tagIds: z.array(z.string()),
  reviewStatus: z.string(),
  /** Roster status (life events): active, moved_out, dead; and since when. */
  status: z.string(),
  statusOn: z.string().nullable(),
  /** Keepers and administrators only (roster-policy.ts); absent for a clerk. */
  disability: z.string().nullable().optional(),
  subsistence: z.string().nullable().optional(),
  health: z.string().nullable().optional(),
});
export type RosterRow = z.infer<typeof RosterRow>;

export const ROSTER_COLUMNS = [
  'name',
  'status',
  'gender',
  'age',
  'birthDate',
  'citizenIdMasked',
  'residentType',
  'relationToHead',
  'politicalStatus',
  'moveInDate',
  'grid',
  'building',
  'unit',
  'room',
  'tags',
  'disability',
  'subsistence',
  'health',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const DEFAULT_ROSTER_COLUMNS: RosterColumn[] = ['name', 'gender', 'age', 'residentType', 'grid', 'building', 'unit', 'room', 'tags'];

export const SavedSearch = z.object({
  name: z.string().trim().min(1, bi('请填写名称', 'Enter a name')).max(30, bi('名称最多 30 个字', 'At most 30 characters')),
  filters: RosterFilters,
  sort: RosterSort.optional(),
});
export type SavedSearch = z.infer<typeof SavedSearch>;
export const RosterPrefs = z.object({ columns: z.array(z.enum(ROSTER_COLUMNS)), searches: z.array(SavedSearch) });
export type RosterPrefs = z.infer<typeof RosterPrefs>;

export const BatchEdit = z
  .object({
    residentIds: z.array(Id).min(1, bi('请先选择居民', 'Select residents first')).max(500, bi('一次最多 500 人', 'At most 500 residents at once')),
    /** Tags belong to households (户标签): the selected residents' households get or lose them. */
    addTagIds: z.array(Id).max(20).default([]),
    removeTagIds: z.array(Id).max(20).default([]),
    residentType: z.enum(RESIDENT_TYPES).optional(),
    /**
     * 网格 follows the building (grid → building → unit → household): the selected residents'
     * buildings move to this grid, with everyone living in them (GridMove says who).
     */
    gridId: Id.optional(),
    submitForReview: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.addTagIds.length && !b.removeTagIds.length && !b.residentType && !b.gridId) {
      ctx.addIssue({ code: 'custom', path: ['addTagIds'], message: bi('请选择要修改的内容', 'Choose what to change') });
    }
    if (b.addTagIds.some((t) => b.removeTagIds.includes(t))) {
      ctx.addIssue({ code: 'custom', path: ['removeTagIds'], message: bi('同一标签不能既添加又移除', 'A tag cannot be both added and removed') });
    }
  });
export type BatchEdit = z.output<typeof BatchEdit>;

/**
 * What a batch "move to grid X" really changes: whole buildings, with all their households and
 * residents, selected or not. Shown before it is sent, kept with the pending change for the
 * reviewer, and what approval applies (the buildings listed here, not a fresh guess).
 */
export const GridMove = z.object({
  gridId: z.string(),
  gridName: z.string(),
  buildings: z.array(z.object({ id: z.string(), name: z.string(), fromGrid: z.string(), households: z.number(), residents: z.number() })),
  households: z.number(),
  residents: z.number(),
  /** Residents who move with their building although they were not selected. */
  unselected: z.number(),
  /** Selected residents whose building is in that grid already (nothing to move for them). */
  alreadyThere: z.number(),
});
export type GridMove = z.infer<typeof GridMove>;

export const rosterContract = {
  list: channel({
    req: z.object({
      filters: RosterFilters.default({}),
      sort: RosterSort.default({ key: 'address', dir: 'asc' }),
      after: RosterCursor.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    // `total` is counted for the first page only; a page after a cursor says -1. `capped`: the
    // filters find more than `total` (counted that far and no further; the screen says "5000+").
    res: z.object({ rows: z.array(RosterRow), total: z.number(), capped: z.literal(true).optional(), next: RosterCursor.nullable() }),
    access: 'register.read',
  }),
  prefs: channel({ req: Empty, res: RosterPrefs, access: 'register.read' }),
  saveColumns: channel({
    req: z.object({ columns: z.array(z.enum(ROSTER_COLUMNS)).min(1).max(ROSTER_COLUMNS.length) }),
    res: RosterPrefs,
    access: 'register.read',
  }),
  saveSearch: channel({ req: SavedSearch, res: RosterPrefs, access: 'register.read' }),
  removeSearch: channel({ req: z.object({ name: z.string().trim().min(1).max(30) }), res: RosterPrefs, access: 'register.read' }),
  /** Tags / resident type / grid of many residents at once; through 待审核 where the role requires it. */
  batchEdit: channel({
    req: BatchEdit,
    res: z.object({ pendingId: z.string().nullable(), residents: z.number(), households: z.number(), buildings: z.number() }),
    access: 'register.write',
  }),
  /** The review step of a batch grid move: which buildings, households and people it moves. */
  gridMovePreview: channel({
    req: z.object({ residentIds: BatchEdit.shape.residentIds, gridId: Id }),
    res: GridMove,
    access: 'register.write',
  }),
};
