import type { FieldIssue } from './errors';

/**
 * The catalogue of detailed error messages (issue 15): every text an AppError carries beyond the
 * one-line default of its code (ERROR_MESSAGES in errors.ts) lives here, grouped by area, in
 * Chinese and English. Plain entries are `{ zh, en }` (and `fields` for the marked form fields);
 * texts with values are small functions. Handlers name an entry: `new AppError('NOT_FOUND',
 * ERR.tags.notFound)`. test/unit/error-texts.test.ts checks every entry and that no AppError in
 * electron/ writes its own Chinese text.
 */

import type { Bilingual } from './text';

/** A text in both languages. */
export type Text = Bilingual;

/** What an AppError carries beyond its code: a message, marked fields, or both. */
export interface ErrorText {
  zh?: string;
  en?: string;
  fields?: FieldIssue[];
}

/** A message that is also the issue of one form field (the same words in both places). */
export function onField(path: string, t: Text): Text & { fields: FieldIssue[] } {
  return { zh: t.zh, en: t.en, fields: [{ path, zh: t.zh, en: t.en }] };
}

/** A message with its own short words on one field. */
const marked = (t: Text, path: string, zh: string, en: string): Text & { fields: FieldIssue[] } => ({ ...t, fields: [{ path, zh, en }] });

/** Only a field is marked; the message is the code's default. */
const fieldOnly = (path: string, zh: string, en: string): ErrorText => ({ fields: [{ path, zh, en }] });

/** "A-1：…" — a record's archive number before the reasons it is refused. */
const forRecord = (archiveNo: string, reasons: readonly Text[]): Text => ({
  zh: `${archiveNo}：${reasons.map((r) => r.zh).join(' ')}`,
  en: `${archiveNo}: ${reasons.map((r) => r.en).join(' ')}`,
});

const STRUCTURE_LEVEL = { grid: { zh: '网格', en: 'grid' }, building: { zh: '楼栋', en: 'building' }, unit: { zh: '单元', en: 'unit' } } as const;
export type StructureLevel = keyof typeof STRUCTURE_LEVEL;

/** What is still inside a grid, building or unit, in the order a message names it. */
const STRUCTURE_CONTENTS = {
  buildings: { zh: '个楼栋', en: 'building(s)' },
  units: { zh: '个单元', en: 'unit(s)' },
  records: { zh: '份楼栋档案', en: 'building record(s)' },
  households: { zh: '户住户', en: 'household(s)' },
} as const;
export type StructureContents = Partial<Record<keyof typeof STRUCTURE_CONTENTS, number>>;

const DESTRUCTION_STATUS_ZH: Record<string, string> = { proposed: '待审批', approved: '已审批，待监销', rejected: '已退回', executed: '已销毁' };

const FOLDER_HOLDER_KIND = {
  app: { zh: '档案室桌面程序', en: 'the Archive Room desktop app' },
  web: { zh: '档案室网页服务', en: 'the Archive Room web host' },
  cli: { zh: '档案室命令行', en: 'the Archive Room CLI' },
  tool: { zh: '另一个档案室程序', en: 'another Archive Room program' },
} as const;

const backupUnusable = (zh: string, en: string): Text => ({ zh: `备份文件不可用：${zh}`, en: `The backup cannot be used: ${en}` });

const sheetUnreadable = (zh: string, en: string) => onField('dataBase64', { zh, en });
const scanRefused = (zh: string, en: string) => onField('approval.scan', { zh, en });
const backupPathRefused = (path: string, zh: string, en: string) => onField(path, { zh, en });
const restorePathRefused = (zh: string, en: string) => onField('source.path', { zh, en });
const attachmentNameRefused = (zh: string, en: string) => onField('fileName', { zh, en });

export const ERR = {
  /** Sign-in, keys and standing (archive-core). */
  auth: {
    postgresNotEmpty: {
      zh: '该 PostgreSQL 数据库中已有档案库，请为新档案库使用空数据库。',
      en: 'That PostgreSQL database already holds an archive; give a new archive an empty database.',
    },
    wrongRecoveryKey: fieldOnly('recoveryKey', '恢复密钥不正确', 'Wrong recovery key'),
    noActiveUser: { zh: '该用户不存在或已停用。', en: 'No such active user.' },
    wrongCurrentPassword: fieldOnly('currentPassword', '当前密码不正确', 'Current password is wrong'),
    wrongPassword: fieldOnly('password', '用户名或密码错误', 'Wrong user name or password'),
    noGrant: {
      zh: '您的账户角色或密钥没有管理员签名的授权记录（可能有人绕过本程序改动了数据），已拒绝登录。请管理员运行“校验审计链”。',
      en: 'Your role or key has no grant signed by an administrator (the data may have been changed outside the app); sign-in refused. Ask an administrator to verify the audit trail.',
    },
    userHasNoGrant: { zh: '此用户没有签名的授权记录。', en: 'This user has no signed grant.' },
    throttled: (secs: number): Text => ({ zh: `登录失败次数过多，请 ${secs} 秒后再试。`, en: `Too many failed attempts; try again in ${secs} s.` }),
    dbFileMissing: { zh: '找不到数据库文件，请从备份恢复。', en: 'The database file is missing; restore from a backup.' },
    /** A new password the policy refuses (`problem` from shared/domain/password-policy). */
    weakPassword: (problem: Text, path: string) =>
      marked({ zh: `密码不符合要求：${problem.zh}。`, en: `The password is not accepted: ${problem.en}.` }, path, problem.zh, problem.en),
    /** A user name the rules refuse (`problem` from shared/domain/username). */
    badUsername: (problem: Text, path: string) =>
      marked({ zh: `用户名不可用：${problem.zh}。`, en: `The user name cannot be used: ${problem.en}.` }, path, problem.zh, problem.en),
  },

  /** The command line. */
  cli: {
    userRequired: { zh: '请用 --user 指定用户名。', en: 'Pass --user NAME.' },
    newPasswordEnv: { zh: '请在 ARCHIVE_ROOM_NEW_PASSWORD 中给出新密码。', en: 'Put the new password in ARCHIVE_ROOM_NEW_PASSWORD.' },
    passwordsDiffer: { zh: '两次输入的新密码不一致。', en: 'The two new passwords differ.' },
    pdfOut: { zh: '输出文件须以 .pdf 结尾。', en: 'The output file must end in .pdf.' },
  },

  /** Opening the archive: keyring, database, data folder. */
  storage: {
    keyringV1: {
      zh: '此档案库由早期版本建立（密钥环第 1 版，没有个人签名密钥），本版本不能打开。请用早期版本导出数据后在本版本中新建档案库并导入。',
      en: 'This archive was made by an early version (keyring version 1, no personal signing keys) and this version cannot open it. Export with the early version, create a new archive here and import.',
    },
    dbTooNew: (versions: string): Text => ({
      zh: `此档案库由更新版本的档案室创建（含未知结构版本 ${versions}），请升级本程序后再打开。`,
      en: `This archive was written by a newer Archive Room (unknown schema ${versions}); upgrade the app to open it.`,
    }),
    postgresUnreachable: (url: string, why: string): Text => ({
      zh: `无法连接档案库的 PostgreSQL 数据库（${url}）：${why}。请检查服务器、网络和账号设置。`,
      en: `Cannot reach the archive's PostgreSQL database (${url}): ${why}. Check the server, network and role.`,
    }),
    /** Who holds a data folder; `detail` is what they are doing, if they said. */
    folderHolder: (kind: keyof typeof FOLDER_HOLDER_KIND, detail: string | undefined, pid: number, host: string, since: string): Text => {
      const k = FOLDER_HOLDER_KIND[kind];
      const what = detail ? { zh: `（${detail}）`, en: ` (${detail})` } : { zh: '', en: '' };
      return { zh: `${k.zh}${what.zh}：进程 ${pid}，计算机 ${host}，自 ${since} 起`, en: `${k.en}${what.en}: process ${pid} on ${host}, since ${since}` };
    },
    folderHolderUnknown: { zh: '另一个档案室程序（进程信息尚未写出）', en: 'another Archive Room program (it has not said which yet)' },
    /** The message the second opener sees (`holder` from folderHolder; `waitedSecs` null: it did not wait). */
    folderHeld: (holder: Text, waitedSecs: number | null): Text => {
      const waited = waitedSecs !== null ? { zh: `已等待 ${waitedSecs} 秒。`, en: ` Waited ${waitedSecs} s.` } : { zh: '', en: '' };
      return {
        zh: `此数据文件夹正由${holder.zh}使用。请先关闭它（或等它完成），再重试。${waited.zh}`,
        en: `This data folder is in use by ${holder.en}. Close it (or let it finish), then try again.${waited.en}`,
      };
    },
    /** An unexpected error: the code's own words and the id of the log line. */
    withErrorId: (base: Text, id: string): Text => ({ zh: `${base.zh}（错误编号 ${id}）`, en: `${base.en} (error id ${id})` }),
  },

  /** The web host and the office server, refusing before a handler runs. */
  host: {
    bodyTooLarge: { zh: '请求内容过大。', en: 'The request body is too large.' },
    wrongHost: { zh: '主机名不对。', en: 'Wrong host.' },
    methodNotAllowed: { zh: '不支持此方法。', en: 'Method not allowed.' },
    tooManyRequests: { zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; wait a moment and try again.' },
  },

  jobs: {
    notFoundMaybeExpired: { zh: '没有这项任务（可能已过期）。', en: 'No such job (it may have expired).' },
    notFound: { zh: '没有这项任务。', en: 'No such job.' },
  },

  users: {
    notFound: { zh: '未找到该用户。', en: 'User not found.' },
    /** Not an error: what an administrator is told after enabling someone whose keys were removed. */
    enabledWithoutKeys: {
      zh: '已启用。此人的密钥在停用时已移除，请点“重置密码”给他一个临时密码，他才能登录。',
      en: 'Enabled. Their keys were removed when they were disabled: press "Reset password" to give them a temporary password before they can sign in.',
    },
    nameTaken: (username: string) =>
      marked(
        { zh: `用户名“${username}”已被使用，请换一个。`, en: `The user name "${username}" is taken; choose another.` },
        'username',
        '用户名已被使用',
        'User name taken',
      ),
    nameLooksLike: (username: string, taken: string) =>
      marked(
        {
          zh: `用户名“${username}”与现有用户“${taken}”外形太相近，请换一个。`,
          en: `The user name "${username}" looks too much like the existing "${taken}"; choose another.`,
        },
        'username',
        '用户名已被使用',
        'User name taken',
      ),
    lastAdmin: {
      zh: '这是最后一位启用的管理员，不能停用或降级。请先添加另一位管理员。',
      en: 'This is the last active administrator; add another administrator first.',
    },
    ownAccount: { zh: '不能停用自己的账户。', en: 'You cannot disable your own account.' },
  },

  /** Changes that wait for a second keeper, and look-ups of sensitive households. */
  review: {
    noPending: { zh: '没有这条待审核的修改。', en: 'No such pending change.' },
    ownChange: { zh: '不能审核自己提交的修改，请由另一位档案员审核。', en: 'You cannot review your own change; another keeper must.' },
    noPendingLookup: { zh: '没有这条待批的查阅申请。', en: 'No such pending request.' },
    ownLookup: { zh: '不能批准自己的申请。', en: 'You cannot decide your own request.' },
    purposeRequired: marked({ zh: '请填写查阅事由。', en: 'State the purpose of this look-up.' }, 'purpose', '请填写查阅事由', 'Purpose required'),
  },

  tags: {
    notFound: { zh: '未找到该标签。', en: 'Tag not found.' },
    publishAdminOnly: (name: string) =>
      marked(
        {
          zh: `只有管理员可以公开“${name}”这类描述低保、残疾、健康等信息的标签。`,
          en: `Only an administrator can make a welfare or health tag such as "${name}" public.`,
        },
        'discreet',
        '须由管理员公开',
        'An administrator must make it public',
      ),
    confirmPublic: (name: string) =>
      marked(
        {
          zh: `“${name}”描述低保、残疾、健康等敏感个人信息：公开后，封面、楼栋表和首页会印出或显示它的名称，查阅员也不再需要审批即可看到这些住户。请确认后再公开。`,
          en: `"${name}" describes welfare or health (sensitive personal information): once public, covers, building sheets and the home page print or show its name, and clerks see these households without approval. Confirm to make it public.`,
        },
        'discreet',
        '公开此标签须先确认',
        'Confirm before making this tag public',
      ),
    nameTaken: (name: string) => marked({ zh: `标签“${name}”已存在。`, en: `The tag "${name}" exists.` }, 'name', '名称已存在', 'Name exists'),
  },

  /** The roster (花名册): filters, pages, saved searches, batch edits. */
  roster: {
    sensitiveFilter: {
      zh: '查阅员不能按残疾、低保或健康状况筛选居民（敏感个人信息）。如需查阅，请申请查阅授权。',
      en: 'Look-up clerks cannot filter residents by disability, subsistence allowance or health (sensitive personal information). Request an approved look-up instead.',
    },
    stalePage: { zh: '翻页位置已失效，请回到第一页。', en: 'The page position is stale; go back to the first page.' },
    tooManySearches: (max: number): Text => ({ zh: `最多保存 ${max} 个查询，请先删除不用的。`, en: `At most ${max} saved searches; remove one first.` }),
    noSavedSearch: { zh: '没有这个已保存的查询。', en: 'No saved search by that name.' },
    residentsGone: { zh: '所选居民中有已不存在的，请刷新后重选。', en: 'Some selected residents no longer exist; reload and select again.' },
    buildingCodeClash: (grid: string, code: string, holder: string, building: string): Text => ({
      zh: `“${grid}”已有编号为“${code}”的楼栋（${holder}），“${building}”不能移入。请先修改其中一栋的编号。`,
      en: `"${grid}" already has a building coded "${code}" (${holder}); "${building}" cannot move there. Change one of the codes first.`,
    }),
    gridMoveMismatch: { zh: '网格调整内容不一致。', en: 'The grid move does not match the batch.' },
  },

  lists: {
    badCursor: fieldOnly('after', '翻页位置无效，请从第一页重新打开', 'Invalid page cursor; open the list from its first page'),
  },

  residents: {
    notFound: { zh: '未找到该居民。', en: 'Resident not found.' },
    noHousehold: fieldOnly('householdId', '住户不存在', 'No such household'),
    citizenIdTaken: (holder: string) =>
      marked(
        { zh: `身份证号已登记给 ${holder}，同一人不能登记两次。`, en: 'This citizen ID is already registered to another resident.' },
        'citizenId',
        '身份证号重复',
        'Duplicate citizen ID',
      ),
  },

  households: {
    notFound: { zh: '未找到该住户。', en: 'Household not found.' },
    headNotMember: fieldOnly('headResidentId', '户主必须是本户成员', 'The head must be a member of this household'),
    unknownTag: fieldOnly('tagIds', '含有不存在的标签', 'Unknown tag'),
    roomTaken: (room: string) =>
      marked({ zh: `该单元已有 ${room} 室。`, en: `Room ${room} already exists in this unit.` }, 'room', '房号已存在', 'Room exists'),
  },

  /** 迁入, 迁出, 调户, 设为户主, 分户, 合户 (life-events.service). */
  lifeEvents: {
    householdMerged: { zh: '该住户已合户，不能分户。', en: 'This household was merged; it cannot be split.' },
    targetMerged: { zh: '目标住户已合户，请选择在册住户。', en: 'That household was merged; choose an active one.' },
    alreadyHere: { zh: '该居民已在此户。', en: 'The resident already lives in this household.' },
    alreadyHead: { zh: '该居民已是户主。', en: 'The resident is already the head.' },
  },

  /** Grids, buildings, units. */
  structure: {
    notFound: (level: StructureLevel): Text => ({ zh: `未找到该${STRUCTURE_LEVEL[level].zh}。`, en: `That ${STRUCTURE_LEVEL[level].en} was not found.` }),
    /** `contents`: how many of each are still inside (the ones above 0 are named). */
    stillHolds: (name: string, contents: StructureContents): Text => {
      const left = (Object.keys(STRUCTURE_CONTENTS) as (keyof typeof STRUCTURE_CONTENTS)[])
        .filter((k) => (contents[k] ?? 0) > 0)
        .map((k) => [contents[k]!, STRUCTURE_CONTENTS[k]] as const);
      return {
        zh: `“${name}”下还有 ${left.map(([n, w]) => `${n} ${w.zh}`).join('、')}，不能删除。请先移走或删除它们。`,
        en: `"${name}" still holds ${left.map(([n, w]) => `${n} ${w.en}`).join(' and ')}; it cannot be removed. Move or remove them first.`,
      };
    },
    codeTaken: (code: string) => marked({ zh: `编号“${code}”已存在。`, en: `The code "${code}" already exists.` }, 'code', '编号已存在', 'Code already exists'),
  },

  /** Archive records, their locations and attachments. */
  records: {
    notFound: { zh: '未找到该档案。', en: 'Record not found.' },
    destroyedNoChange: { zh: '已销毁的档案不能修改。', en: 'A destroyed record cannot be changed.' },
    locationTaken: { zh: '该位置已登记。', en: 'This location is already registered.' },
    archiveNoTaken: (archiveNo: string) =>
      marked({ zh: `档号 ${archiveNo} 已被使用。`, en: `Archive number ${archiveNo} is taken.` }, 'archiveNo', '档号已被使用', 'Archive number taken'),
    chosenMissing: (path: string) => fieldOnly(path, '所选对象不存在', 'The chosen item does not exist'),
    /** A record refused for the reasons given (shared/domain rules): "A-1：reason reason". */
    refused: forRecord,
    locationNotFound: { zh: '未找到该位置。', en: 'Location not found.' },
    buildingNotFound: { zh: '未找到该楼栋。', en: 'Building not found.' },
    nothingToPrint: { zh: '所选范围内没有可打印的档案。', en: 'Nothing to print in this selection.' },
  },

  attachments: {
    badName: attachmentNameRefused('文件名不能包含路径或特殊字符。', 'File names cannot contain paths or special characters.'),
    /** `ext` is '' for a name without one; `allowed` the extensions taken, space-separated. */
    unsupportedType: (ext: string, allowed: string) =>
      attachmentNameRefused(`不支持的文件类型“${ext || '无扩展名'}”，可用：${allowed}`, `Unsupported file type "${ext || 'none'}"; allowed: ${allowed}`),
    typeMismatch: attachmentNameRefused('文件类型与扩展名不符。', 'The file type does not match its extension.'),
    recordDestroyed: { zh: '已销毁的档案不能添加附件。', en: 'A destroyed record cannot take attachments.' },
    tooLarge: (maxMB: number) =>
      marked({ zh: `附件超过 ${maxMB} MB 的上限。`, en: `The attachment exceeds the ${maxMB} MB limit.` }, 'dataBase64', '附件过大', 'Attachment too large'),
    noPreview: { zh: '此类型不能在程序内预览，请导出后查看。', en: 'This type cannot be previewed in the app; export it to view.' },
    tooLargeToView: { zh: '文件过大，不能在程序内打开。', en: 'The file is too large to open in the app.' },
    notFound: { zh: '未找到该附件（可能已销毁）。', en: 'Attachment not found (it may have been destroyed).' },
  },

  /** The category register (设置 → 档案分类); code and name issues mark their field. */
  categories: {
    notFound: { zh: '未找到该档案分类。', en: 'Category not found.' },
    codeTaken: (code: string) => onField('code', { zh: `分类代码 ${code} 已存在`, en: `The category code ${code} exists` }),
    codeInUse: (used: number, code: string) =>
      onField('code', {
        zh: `已有 ${used} 件档案使用分类代码 ${code}，代码不能再改（名称可以改）`,
        en: `${used} records use the code ${code}; it can no longer change (the names can)`,
      }),
    nameTaken: (nameZh: string) => onField('nameZh', { zh: `同一级已有分类“${nameZh}”`, en: `A category named "${nameZh}" exists at this level` }),
    changedMeanwhile: { zh: '分类已被他人修改，请刷新后重试。', en: 'The categories changed meanwhile; reload and try again.' },
    hasChildren: (nameZh: string, nameEn: string): Text => ({
      zh: `分类“${nameZh}”下还有下级分类，请先删除或移走它们。`,
      en: `"${nameEn || nameZh}" has sub-categories; delete or move them first.`,
    }),
    inUse: (nameZh: string, nameEn: string, used: number): Text => ({
      zh: `分类“${nameZh}”已有 ${used} 件档案，不能删除；可以停用它：停用后不能再选用，已有档案保留此分类。`,
      en: `${used} records are filed under "${nameEn || nameZh}", so it cannot be deleted; deactivate it instead: it can no longer be chosen and those records keep it.`,
    }),
  },

  /** Holds and the retention clock. */
  retention: {
    destroyedNoHold: { zh: '已销毁的档案不能冻结。', en: 'A destroyed record cannot be put on hold.' },
    noActiveHold: { zh: '没有这条生效的冻结。', en: 'No such active hold.' },
  },

  /** Appraisal batches (鉴定). */
  appraisal: {
    recordMissing: { zh: '所选档案不存在或已销毁。', en: 'A chosen record does not exist or was destroyed.' },
    batchNotFound: { zh: '未找到该鉴定批次。', en: 'Appraisal batch not found.' },
    itemNotFound: { zh: '未找到该鉴定条目。', en: 'Appraisal item not found.' },
    notDecided: { zh: '该条目尚未鉴定。', en: 'This item has no decision yet.' },
    reviewerIsAppraiser: { zh: '复核人不能是鉴定人本人。', en: 'The reviewer cannot be the appraiser.' },
    batchClosed: { zh: '该鉴定批次已结束。', en: 'This batch is closed.' },
    notAllDone: (n: number): Text => ({ zh: `还有 ${n} 条未鉴定或未复核。`, en: `${n} items are not decided or not reviewed.` }),
  },

  /** Destruction registers (销毁清册). */
  destruction: {
    overrideAdminOnly: { zh: '只有管理员可以提前销毁（须填写理由）。', en: 'Only an administrator may override (with a reason).' },
    nothingLeft: {
      zh: '清册中已没有可以销毁的档案，请退回该清册。',
      en: 'No record in this register may be destroyed any more; reject the register instead.',
    },
    mustBeApproved: { zh: '销毁须先经审批。', en: 'The batch must be approved first.' },
    changedMeanwhile: { zh: '清册刚被他人改动，请刷新后再执行。', en: 'The register was just changed by someone else; refresh and try again.' },
    notExecutedYet: { zh: '销毁执行后才生成清册和证明。', en: 'The register and certificate are made when the destruction is executed.' },
    notFound: { zh: '未找到该销毁清册。', en: 'Destruction register not found.' },
    wrongState: (status: string): Text => ({
      zh: `该清册当前状态为“${DESTRUCTION_STATUS_ZH[status] ?? status}”，不能进行此操作。`,
      en: `The register is "${status}"; this step is not possible now.`,
    }),
    noSnapshot: {
      zh: '该清册审批时未留存清册快照（旧版本审批），请重新提交并重新审批。',
      en: 'This register was approved without a frozen snapshot (older version); re-submit it for approval.',
    },
    inAnotherRegister: { zh: '已在另一份销毁清册中。', en: 'It is already in another register.' },
    snapshotHashMismatch: { zh: '清册快照校验值不符。', en: 'The frozen register does not match its hash.' },
    /** Listed records that may not be destroyed now, each with its reasons. */
    blocked: (problems: readonly (Text & { archiveNo: string })[]): Text => ({
      zh: `清册中有档案现在不能销毁：${problems.map((p) => `${p.archiveNo}（${p.zh}）`).join('、')}。请“重新提交”清册，不能销毁的档案将移出清册。`,
      en: `Some records in the register may not be destroyed now: ${problems.map((p) => `${p.archiveNo} (${p.en})`).join(', ')}. Re-submit the register; those records will drop out.`,
    }),
  },

  /** Loans (借阅) and their paper approval slips. */
  lending: {
    scanType: scanRefused('审批单扫描件须为 PDF、JPG 或 PNG。', 'The scan of the slip must be a PDF, JPG or PNG.'),
    scanEmpty: scanRefused('扫描件是空文件。', 'The scan is an empty file.'),
    scanTooBig: scanRefused('扫描件不能超过 10 MB。', 'The scan must be at most 10 MB.'),
    approverTemporaryPassword: (name: string) =>
      marked(
        {
          zh: `${name} 仍在使用管理员设置的临时密码，须先登录修改本人密码后才能确认审批。`,
          en: `${name} still has the temporary password an administrator set; they must sign in and change it before confirming approvals.`,
        },
        'approval.username',
        '审批人须先修改临时密码',
        'The approver must change the temporary password first',
      ),
    approverNotAllowed: (name: string, username: string) =>
      marked(
        {
          zh: `${name}（${username}）无权审批借阅：审批人须为管理员或档案员。`,
          en: `${name} (${username}) may not approve loans: the approver must be an administrator or keeper.`,
        },
        'approval.username',
        '该用户无审批借阅权限',
        'This user may not approve loans',
      ),
    loanNotFound: { zh: '未找到该借阅记录。', en: 'Loan not found.' },
    noScan: { zh: '该借阅没有纸质审批单扫描件。', en: 'This loan has no scanned approval slip.' },
    alreadyReturned: { zh: '该借阅已归还。', en: 'This loan was already returned.' },
    returnedNoRecall: { zh: '该借阅已归还，无需催还。', en: 'This loan was returned; no recall is needed.' },
    slipNotFound: { zh: '未找到该借阅单。', en: 'Slip not found.' },
    noBorrower: fieldOnly('borrower.userId', '借阅人不存在或已停用', 'No such active staff member'),
  },

  /** Importing sheets and value mappings. */
  import: {
    oldXls: sheetUnreadable('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV。', 'Old .xls files are not supported; save as .xlsx or CSV in Excel.'),
    wrongType: sheetUnreadable('只能导入 .xlsx 或 .csv 文件。', 'Only .xlsx and .csv files can be imported.'),
    badCsv: (why: string) => sheetUnreadable(`CSV 文件格式有误：${why}`, `The CSV file is malformed: ${why}`),
    emptyFile: sheetUnreadable('文件是空的。', 'The file is empty.'),
    emptySheet: sheetUnreadable('工作表是空的。', 'The worksheet is empty.'),
    notXlsx: sheetUnreadable(
      '无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密。',
      'Cannot read this Excel file; make sure it is .xlsx and not password-protected.',
    ),
    tooManyRows: (max: number) => sheetUnreadable(`一次最多导入 ${max} 行，请分批导入。`, `At most ${max} rows per import; split the sheet.`),
    refused: (issues: number): Text => ({
      zh: `有 ${issues} 处错误，未导入任何数据。请修正后重试。`,
      en: `${issues} problem(s) found; nothing was imported. Fix them and try again.`,
    }),
    running: { zh: '已有导入正在进行，请等它结束。', en: 'An import is already running; wait for it to finish.' },
    jobNotFound: { zh: '未找到该导入任务。', en: 'No such import job.' },
    mappingNotFound: { zh: '未找到该映射。', en: 'No such mapping.' },
    /** Mappings refused, each problem on its own entry (`mappings.<i>`). */
    mappingsRefused: (problems: readonly { i: number; p: Text }[]): ErrorText => ({
      zh: problems.map((x) => x.p.zh).join(' '),
      en: problems.map((x) => x.p.en).join(' '),
      fields: problems.map((x) => ({ path: `mappings.${x.i}`, zh: x.p.zh, en: x.p.en })),
    }),
    mapping: {
      noColumn: (key: string): Text => ({ zh: `没有名为“${key}”的列。`, en: `There is no column "${key}".` }),
      /** `col`: the column's names; `coded`: the columns that can be mapped. */
      notMappable: (col: Text, coded: readonly Text[]): Text => ({
        zh: `“${col.zh}”列的值不能映射；可以映射的列：${coded.map((c) => c.zh).join('、')}。`,
        en: `Values of "${col.zh}" (${col.en}) cannot be mapped; these columns can: ${coded.map((c) => c.en).join(', ')}.`,
      }),
      valueLength: (col: Text, max: number): Text => ({
        zh: `${col.zh}：表格中的值须为 1–${max} 个字。`,
        en: `${col.en}: the sheet value must be 1–${max} characters.`,
      }),
      alreadyValid: (col: Text, value: string): Text => ({
        zh: `“${value}”已是${col.zh}的有效值，无需映射。`,
        en: `"${value}" is already a valid ${col.en} value; it needs no mapping.`,
      }),
      noSuchTag: (value: string, target: string): Text => ({
        zh: `户标签“${value}”要映射到的标签“${target}”不存在；请先在 设置→标签 中新建，或映射到已有标签。`,
        en: `Tag "${value}" maps to "${target}", which is no tag of this archive; create it under Settings → Tags first, or map to an existing tag.`,
      }),
      notAllowed: (col: Text, value: string, allowed: readonly string[], target: string): Text => ({
        zh: `${col.zh}“${value}”只能映射为：${allowed.join(' / ')}（“${target}”不在其中）。`,
        en: `${col.en} "${value}" can map only to one of ${allowed.join(' / ')} ("${target}" is not one of them).`,
      }),
    },
  },

  /** Backups: where they go, and checking a backup file. */
  backup: {
    folderRelative: (path: string) =>
      backupPathRefused(path, '请填写完整路径（如 E:\\备份），不能用相对路径。', 'Give a full path (e.g. E:\\backup), not a relative one.'),
    folderMissing: (path: string, folder: string) =>
      backupPathRefused(path, `文件夹 ${folder} 不存在（U 盘是否已插好？）。`, `The folder ${folder} does not exist (is the USB stick plugged in?).`),
    notAFolder: (path: string, folder: string) => backupPathRefused(path, `${folder} 不是文件夹。`, `${folder} is not a folder.`),
    folderNotWritable: (path: string, folder: string) =>
      backupPathRefused(
        path,
        `无法写入文件夹 ${folder}（只读、写保护或没有权限）。请换一个文件夹或检查 U 盘。`,
        `Cannot write to the folder ${folder} (read-only, write-protected or no permission). Choose another folder or check the USB stick.`,
      ),
    fileRelative: backupPathRefused(
      'path',
      '请填写完整路径（如 E:\\备份\\档案室.arbak），不能用相对路径。',
      'Give a full path (e.g. E:\\backup\\archive.arbak), not a relative one.',
    ),
    fileExtension: backupPathRefused('path', '备份文件名须以 .arbak 结尾。', 'Backup file names end in .arbak.'),
    targetMissing: backupPathRefused('path', '目标文件夹不存在（U 盘是否已插好？）。', 'The target folder does not exist (is the USB stick plugged in?).'),
    fileExists: backupPathRefused('path', '该文件已存在，请换一个文件名。', 'That file exists already; choose another name.'),
    running: { zh: '已有备份正在进行。', en: 'A backup is already running.' },
    /** `why`: what the container reader found (English, from the code). */
    cutShort: (why: string) => backupUnusable('文件不完整或格式不对（可能在写入时中断）。', `${why} (it may have been cut short while being written).`),
    noManifest: backupUnusable('缺少清单或清单格式不对。', 'the manifest is missing or malformed.'),
    keyringDamaged: backupUnusable('备份中的密钥环损坏或缺失。', "the backup's keyring is damaged or missing."),
    keyringOtherArchive: backupUnusable('密钥环与清单不属于同一档案库。', 'the keyring and the manifest belong to different archives.'),
    wrongCredentials: { zh: '用户名或密码错误（按备份中的用户核对）。', en: 'Wrong user name or password (checked against the users in the backup).' },
    manifestMac: backupUnusable('清单校验码不符（文件被改动或不属于本档案库）。', 'the manifest HMAC does not match (altered, or from another archive).'),
    entryHash: (name: string) => backupUnusable(`“${name}”的校验值不符。`, `the hash of "${name}" does not match.`),
    unlistedEntry: (name: string) => backupUnusable(`多出未登记的条目“${name}”。`, `unlisted entry "${name}".`),
    partsMissing: backupUnusable('缺少数据库或密钥环。', 'the database or keyring is missing.'),
    dbCopyUnopenable: backupUnusable('数据库副本无法打开。', 'the database copy cannot be opened.'),
    /** `why`: what the rows reader found (English, from the code). */
    snapshotUnreadable: (why: string) => backupUnusable('数据表快照无法读出。', `the table snapshot cannot be read: ${why}.`),
    snapshotUnloadable: backupUnusable('数据表快照无法载入。', 'the table snapshot does not load.'),
    integrity: (result: string) => backupUnusable(`数据库完整性检查失败：${result}`, `integrity_check failed: ${result}`),
    auditChainBroken: (seq: number | null) => backupUnusable(`审计链在第 ${seq} 条断裂。`, `the audit chain is broken at entry ${seq}.`),
    auditChainLength: backupUnusable('审计链长度与清单不符。', 'the audit chain length differs from the manifest.'),
  },

  /** Restoring a backup (the app's restore and the CLI's). */
  restore: {
    running: { zh: '已有恢复正在进行。', en: 'A restore is already running.' },
    /** Restoring into PostgreSQL: `url` without its password. */
    databaseHoldsArchive: (url: string): Text => ({
      zh: `恢复只能写入空的 PostgreSQL 数据库，${url} 中已有档案库。为免覆盖现有数据，请新建一个空数据库。`,
      en: `A restore only goes into an empty PostgreSQL database; ${url} already holds an archive. Create an empty database so no data is overwritten.`,
    }),
    databaseHasTables: (url: string): Text => ({
      zh: `恢复只能写入空的 PostgreSQL 数据库，${url} 中已有数据表。为免覆盖现有数据，请新建一个空数据库。`,
      en: `A restore only goes into an empty PostgreSQL database; ${url} already has tables. Create an empty database so no data is overwritten.`,
    }),
    unknownTable: (table: string): Text => ({
      zh: `此备份由更新版本的档案室创建（含本程序不认识的表 ${table}），请升级本程序后再恢复。`,
      en: `This backup was written by a newer Archive Room (it holds table ${table}, which this build does not know); upgrade the app to restore it.`,
    }),
    unknownColumn: (table: string, column: string): Text => ({
      zh: `此备份由更新版本的档案室创建（含本程序不认识的列 ${table}.${column}），请升级本程序后再恢复。`,
      en: `This backup was written by a newer Archive Room (it holds column ${table}.${column}, which this build does not know); upgrade the app to restore it.`,
    }),
    pathRelative: restorePathRefused(
      '请填写备份文件的完整路径（如 E:\\档案室备份-20261201-1000.arbak）。',
      'Give the full path of the backup file (e.g. E:\\archive-20261201-1000.arbak).',
    ),
    pathExtension: restorePathRefused('备份文件名以 .arbak 结尾。', 'Backup file names end in .arbak.'),
    fileNotFound: (file: string): Text => ({ zh: `找不到备份文件 ${file}。`, en: `Backup file ${file} not found.` }),
    uploadExtension: { zh: '请选择以 .arbak 结尾的备份文件。', en: 'Choose a backup file ending in .arbak.' },
    cannotMakeFolder: (parent: string): Text => ({
      zh: `无法在 ${parent} 中新建文件夹（没有权限或只读），未恢复任何数据。`,
      en: `Cannot create a folder in ${parent} (no permission, or read-only); nothing was restored.`,
    }),
    folderNotEmpty: (dataDir: string): Text => ({
      zh: `恢复只能写入空文件夹，${dataDir} 中已有文件。为免覆盖现有档案库，请另选一个空文件夹。`,
      en: `A restore only goes into an empty folder; ${dataDir} is not empty. Choose an empty folder so no archive is overwritten.`,
    }),
    adminOnly: {
      zh: '只有备份中启用的管理员才能恢复此备份。请用备份时的管理员账户（用户名和当时的密码）。',
      en: "Only an active administrator in the backup may restore it. Use an administrator's user name and password as they were when the backup was made.",
    },
  },
};
