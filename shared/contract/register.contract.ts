import { z } from 'zod';
import { bi, channel } from './channel';
import { Empty, Id, Ok } from './common';
import { BuildingInput, GridInput, HouseholdInput, LocationInput, RecordInput, ResidentInput, UnitInput } from './register-fields';

export const TagRow = z.object({ id: z.string(), name: z.string(), color: z.string(), code: z.string(), discreet: z.boolean(), order: z.number() });
export type TagRow = z.infer<typeof TagRow>;
export const TagInput = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1, bi('请填写标签名称', 'Enter a tag name')).max(20),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, bi('颜色格式应为 #RRGGBB', 'Colours look like #RRGGBB')),
  code: z
    .string()
    .trim()
    .refine((s) => [...s].length === 1, bi('代码须为一个字母或一个汉字', 'The code is one letter or one character')),
  discreet: z.boolean(),
  order: z.number().int().min(0).max(999),
  /** The administrator read the warning: this welfare/health or discreet tag is to be public (printed by name). */
  confirmPublic: z.boolean().optional(),
});

export const GridRow = z.object({ id: z.string(), name: z.string(), code: z.string(), worker: z.string().nullable(), note: z.string().nullable() });
export const BuildingRow = z.object({
  id: z.string(),
  gridId: z.string(),
  name: z.string(),
  code: z.string(),
  address: z.string().nullable(),
  note: z.string().nullable(),
});
export const UnitRow = z.object({ id: z.string(), buildingId: z.string(), name: z.string(), code: z.string() });
export const StructureTree = z.object({
  grids: z.array(GridRow),
  buildings: z.array(BuildingRow),
  units: z.array(UnitRow),
  /** The archive's change mark when the tree was read (structure.version); null: no mark, read it again. */
  version: z.string().nullable().optional(),
});
export const StructureVersion = z.object({ version: z.string().nullable() });
export type StructureTree = z.infer<typeof StructureTree>;

export const HouseholdRow = z.object({
  id: z.string(),
  unitId: z.string(),
  room: z.string(),
  address: z.string(),
  residenceType: z.string(),
  headResidentId: z.string().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number(),
  tagIds: z.array(z.string()),
  reviewStatus: z.string(),
  /** active | merged (合户 closed it; kept with its history). */
  status: z.string(),
  note: z.string().nullable(),
  /** Set for a look-up clerk on a discreet household without a live approval: members, head and tags withheld. */
  shielded: z.boolean().optional(),
});
export type HouseholdRow = z.infer<typeof HouseholdRow>;

export const ResidentRow = z.object({
  id: z.string(),
  householdId: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  citizenIdMasked: z.string().nullable(),
  residentType: z.string(),
  relationToHead: z.string().nullable(),
  address: z.string(),
  reviewStatus: z.string(),
  /** Roster status: active | moved_out | dead (life events); lists show the active roster by default. */
  status: z.string(),
  statusOn: z.string().nullable(),
});
export type ResidentRow = z.infer<typeof ResidentRow>;

/** Full details: what a look-up discloses. */
export const ResidentDetail = z.object({
  id: z.string(),
  householdId: z.string(),
  address: z.string(),
  tagIds: z.array(z.string()),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  citizenId: z.string().nullable(),
  ethnicity: z.string().nullable(),
  politicalStatus: z.string().nullable(),
  education: z.string().nullable(),
  occupation: z.string().nullable(),
  employer: z.string().nullable(),
  phone: z.string().nullable(),
  hukouPlace: z.string().nullable(),
  moveInDate: z.string().nullable(),
  residentType: z.string(),
  relationToHead: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  health: z.string().nullable(),
  disability: z.string().nullable(),
  medicalInsurance: z.string().nullable(),
  socialInsurance: z.string().nullable(),
  subsistence: z.string().nullable(),
  familyPlanning: z.string().nullable(),
  specialCategories: z.array(z.string()),
  notes: z.string().nullable(),
  reviewStatus: z.string(),
  status: z.string(),
  statusOn: z.string().nullable(),
});
export type ResidentDetail = z.infer<typeof ResidentDetail>;

export const LocationRow = z.object({
  id: z.string(),
  room: z.string(),
  cabinet: z.string(),
  shelf: z.string(),
  box: z.string(),
  note: z.string().nullable(),
  label: z.string(),
});
export type LocationRow = z.infer<typeof LocationRow>;

export const RecordRow = z.object({
  id: z.string(),
  archiveNo: z.string(),
  title: z.string(),
  residentId: z.string().nullable(),
  householdId: z.string().nullable(),
  residentClass: z.string(),
  contentCategory: z.string(),
  carrier: z.string(),
  pages: z.number(),
  items: z.number(),
  year: z.number(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  sensitivity: z.string(),
  retentionClass: z.string(),
  retentionYears: z.number().nullable(),
  locationId: z.string().nullable(),
  locationLabel: z.string().nullable(),
  status: z.string(),
  reviewStatus: z.string(),
  responsible: z.string().nullable(),
  note: z.string().nullable(),
  attachmentCount: z.number(),
  residentName: z.string().nullable(),
  householdAddress: z.string().nullable(),
  /** Set for a look-up clerk when the record belongs to a discreet household or is sensitive: title and names withheld. */
  shielded: z.boolean().optional(),
  /** Optimistic version: an edit sends back the one it was loaded with. */
  version: z.number().int(),
});
export type RecordRow = z.infer<typeof RecordRow>;

export const AttachmentRowSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** File name withheld from a look-up clerk (the record is shielded). */
  shielded: z.boolean().optional(),
});
export type AttachmentInfo = z.infer<typeof AttachmentRowSchema>;

export const PendingRow = z.object({
  id: z.string(),
  entity: z.string(),
  entityId: z.string(),
  op: z.string(),
  after: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  status: z.string(),
});

export const Page = z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) });
const Filters = z.object({
  gridId: z.string().optional(),
  buildingId: z.string().optional(),
  unitId: z.string().optional(),
  tagId: z.string().optional(),
  contentCategory: z.string().optional(),
  residentClass: z.string().optional(),
  status: z.string().optional(),
  text: z.string().max(100).optional(),
});
export type RegisterFilters = z.infer<typeof Filters>;

export const SearchHit = z.object({
  kind: z.enum(['resident', 'record', 'household']),
  id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  exact: z.boolean(),
});
export type SearchHit = z.infer<typeof SearchHit>;

const withReview = { submitForReview: z.boolean().optional() };

export const structureContract = {
  tree: channel({ req: Empty, res: StructureTree, access: 'register.read' }),
  /** Has the tree a screen keeps changed since? Compares with its `version`; a background check, not activity. */
  version: channel({ req: Empty, res: StructureVersion, access: 'register.read', passive: true }),
  saveGrid: channel({ req: GridInput.extend({ id: z.string().optional() }), res: GridRow, access: 'register.write' }),
  saveBuilding: channel({ req: BuildingInput.extend({ id: z.string().optional() }), res: BuildingRow, access: 'register.write' }),
  saveUnit: channel({ req: UnitInput.extend({ id: z.string().optional() }), res: UnitRow, access: 'register.write' }),
  /** Removes an empty grid, building or unit; one that still holds something is refused, saying what. */
  remove: channel({ req: z.object({ level: z.enum(['grid', 'building', 'unit']), id: Id }), res: Ok, access: 'register.write' }),
};

export const tagsContract = {
  list: channel({ req: Empty, res: z.array(TagRow), access: 'register.read' }),
  save: channel({ req: TagInput, res: TagRow, access: 'tags.manage' }),
  remove: channel({ req: z.object({ id: Id }), res: Ok, access: 'tags.manage' }),
};

export const householdsContract = {
  /**
   * Pages in reading order by keyset: `after` is the `next` of the page before; `offset` stays for
   * callers that jump to a page. `total` is counted for the first page only; later pages say -1.
   */
  list: channel({
    req: Filters.extend({ after: z.string().max(1000).optional() }).extend(Page.shape),
    res: z.object({ rows: z.array(HouseholdRow), total: z.number(), next: z.string().nullable() }),
    access: 'register.read',
  }),
  create: channel({
    req: HouseholdInput.extend(withReview),
    res: z.object({ household: HouseholdRow.nullable(), pendingId: z.string().nullable() }),
    access: 'register.write',
  }),
  update: channel({
    req: HouseholdInput.extend({ id: Id, headResidentId: z.string().nullish(), ...withReview }),
    res: z.object({ household: HouseholdRow.nullable(), pendingId: z.string().nullable() }),
    access: 'register.write',
  }),
};

export const residentsContract = {
  /**
   * Pages follow the list's order (address, name): `after` is the `next` of the page before (keyset
   * paging, no OFFSET scan at a million residents); `offset` stays for callers that jump to a page.
   * `total` is counted for the first page only; a page after a cursor says -1.
   */
  list: channel({
    req: Filters.extend({ householdId: z.string().optional(), after: z.string().max(1000).optional() }).extend(Page.shape),
    res: z.object({ rows: z.array(ResidentRow), total: z.number(), next: z.string().nullable() }),
    access: 'register.read',
  }),
  /** A look-up: discloses personal data; audited with its purpose. */
  get: channel({ req: z.object({ id: Id, purpose: z.string().trim().max(200).optional() }), res: ResidentDetail, access: 'residents.view' }),
  create: channel({
    req: ResidentInput.and(z.object(withReview)),
    res: z.object({ resident: ResidentRow.nullable(), pendingId: z.string().nullable(), warnings: z.array(z.object({ zh: z.string(), en: z.string() })) }),
    access: 'register.write',
  }),
  update: channel({
    req: ResidentInput.and(z.object({ id: Id, ...withReview })),
    res: z.object({ resident: ResidentRow.nullable(), pendingId: z.string().nullable(), warnings: z.array(z.object({ zh: z.string(), en: z.string() })) }),
    access: 'register.write',
  }),
};

export const locationsContract = {
  list: channel({ req: Empty, res: z.array(LocationRow), access: 'register.read' }),
  save: channel({ req: LocationInput.extend({ id: z.string().optional() }), res: LocationRow, access: 'register.write' }),
};

export const recordsContract = {
  list: channel({
    req: Filters.extend({ residentId: z.string().optional(), householdId: z.string().optional() }).extend(Page.shape),
    res: z.object({ rows: z.array(RecordRow), total: z.number() }),
    access: 'register.read',
  }),
  get: channel({ req: z.object({ id: Id }), res: RecordRow, access: 'register.read' }),
  byArchiveNo: channel({ req: z.object({ archiveNo: z.string().trim().min(1).max(64) }), res: RecordRow.nullable(), access: 'register.read' }),
  nextNumber: channel({
    req: z.object({
      year: z.number().int(),
      retentionClass: z.string().max(8),
      householdId: z.string().nullish(),
      contentCategory: z.string().max(16).nullish(),
    }),
    res: z.object({ archiveNo: z.string() }),
    access: 'register.write',
  }),
  create: channel({ req: RecordInput, res: RecordRow, access: 'register.write' }),
  update: channel({
    // `version`: the RecordRow.version the form loaded; a stale one is refused (CONFLICT with both values).
    req: RecordInput.and(z.object({ id: Id, version: z.number().int().positive().optional() })),
    res: RecordRow,
    access: 'register.write',
  }),
};

const MAX_ATTACHMENT_B64 = 70 * 1024 * 1024;
export const attachmentsContract = {
  list: channel({ req: z.object({ recordId: Id }), res: z.array(AttachmentRowSchema), access: 'register.read' }),
  add: channel({
    req: z.object({
      recordId: Id,
      fileName: z.string().trim().min(1).max(200),
      mime: z.string().max(100),
      dataBase64: z.string().max(MAX_ATTACHMENT_B64, bi('附件过大', 'Attachment too large')),
    }),
    res: AttachmentRowSchema,
    access: 'register.write',
  }),
  /**
   * Decrypted in memory and handed to the in-app viewer only: the renderer draws PDF pages with
   * pdf.js (bundled, no external program, works on Windows without poppler) and images as
   * themselves, onto canvases with the viewer's name and time burnt in, never in a browser PDF frame
   * (with its download and print buttons). One `attachment.view` audit entry per opening.
   *
   * Trade-off: the renderer now holds the decrypted file's bytes while the viewer is open. The
   * desktop app ships without devtools, so that is no new way out; a browser client of the office
   * server could keep them from its devtools. (Rendering PNG pages on the server for web clients
   * would close that, but needs a PDF rasteriser on the server; not built.)
   */
  view: channel({
    req: z.object({ id: Id, purpose: z.string().trim().max(200).optional() }),
    res: z.object({ mime: z.string(), fileName: z.string(), dataBase64: z.string() }),
    access: 'attachments.read',
  }),
  export: channel({
    req: z.object({ id: Id, purpose: z.string().trim().min(1, bi('请填写导出事由', 'State why you export')).max(200) }),
    res: z.object({ mime: z.string(), fileName: z.string(), dataBase64: z.string() }),
    access: 'attachments.export',
  }),
  verify: channel({ req: z.object({ id: Id }), res: z.object({ ok: z.boolean(), sha256: z.string() }), access: 'register.read' }),
};

/** One register change with its values (keepers and administrators only; the audit trail names the fields). */
export const ChangeEntry = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.string(),
  at: z.string(),
  changed: z.array(z.string()),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  /** False when the stored values no longer hash to what the audit entry sealed. */
  matchesAudit: z.boolean(),
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;

export const reviewContract = {
  list: channel({ req: Empty, res: z.array(PendingRow), access: 'review.approve' }),
  /** 修改记录: the values behind a resident's, household's or record's audit entries. */
  history: channel({
    req: z.object({ subject: z.string().regex(/^(resident|household|record):[\w-]{1,64}$/) }),
    res: z.array(ChangeEntry),
    access: 'review.approve',
  }),
  approve: channel({ req: z.object({ id: Id }), res: Ok, access: 'review.approve' }),
  reject: channel({ req: z.object({ id: Id, note: z.string().max(200).optional() }), res: Ok, access: 'review.approve' }),
};

export const searchContract = {
  query: channel({
    req: z.object({ q: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(500).default(50) }),
    res: z.array(SearchHit),
    access: 'register.read',
  }),
};
