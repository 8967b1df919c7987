/**
 * Error codes that cross the IPC boundary. Each carries a message in Chinese and English
 * that tells the user what to do next; handlers may give a more detailed one from the
 * catalogue in error-texts.ts (`new AppError('NOT_FOUND', ERR.tags.notFound)`), never inline.
 */
export const ERROR_MESSAGES = {
  VALIDATION: { zh: '输入有误，请检查标出的字段。', en: 'Some input is invalid; check the marked fields.' },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in first.' },
  LOCKED: { zh: '已因长时间未操作而锁定，请重新输入密码。', en: 'Locked after being idle; enter your password again.' },
  FORBIDDEN: { zh: '您的角色无权执行此操作。', en: 'Your role is not allowed to do this.' },
  BAD_SENDER: { zh: '请求来源不可信，已拒绝。', en: 'The request came from an untrusted source and was refused.' },
  UNKNOWN_CHANNEL: { zh: '未知的操作。', en: 'Unknown action.' },
  NOT_SET_UP: { zh: '档案库尚未建立，请先完成首次设置。', en: 'The archive has not been created yet; finish first-run setup.' },
  ALREADY_SET_UP: { zh: '档案库已经建立。', en: 'The archive already exists.' },
  BAD_CREDENTIALS: { zh: '用户名或密码错误。', en: 'Wrong user name or password.' },
  THROTTLED: { zh: '登录失败次数过多，请稍后再试。', en: 'Too many failed sign-ins; wait and try again.' },
  SERVER_LOCKED: {
    zh: '档案室服务器尚未解锁：须由管理员先登录（密码或恢复密钥）解锁，其他人才能登录。',
    en: 'The office server is still locked: an administrator must sign in first (password or recovery key) before anyone else can.',
  },
  NOT_OFFICE_SERVER: { zh: '只有办公室服务器（archive-room serve）可以这样锁定。', en: 'Only an office server (archive-room serve) can be locked this way.' },
  USER_DISABLED: { zh: '该账户已停用，请联系管理员。', en: 'This account is disabled; ask an administrator.' },
  BAD_RECOVERY_KEY: { zh: '恢复密钥不正确。', en: 'The recovery key is not correct.' },
  MUST_CHANGE_PASSWORD: { zh: '请先修改临时密码。', en: 'Change your temporary password first.' },
  WEAK_PASSWORD: {
    zh: '密码不符合要求：至少 10 位，包含字母和数字，不是常见密码，也不是用户名或社区名称。',
    en: 'Passwords need at least 10 characters with letters and digits, and cannot be a common password, the user name or the community name.',
  },
  APPROVAL_REQUIRED: {
    zh: '此户为敏感户，查阅前须经档案员批准。请提交查阅申请。',
    en: 'This household is sensitive: a keeper must approve the look-up first. Submit a request.',
  },
  CONFLICT: { zh: '数据已存在或与现有数据冲突。', en: 'This already exists or conflicts with existing data.' },
  NOT_FOUND: { zh: '未找到该数据。', en: 'Not found.' },
  KEYRING_DAMAGED: {
    zh: '密钥环文件已损坏，请从备份恢复或使用恢复密钥。',
    en: 'The keyring file is damaged; restore it from a backup or use the recovery key.',
  },
  KEYRING_WEAK_KDF: {
    zh: '此档案库的密码保护参数低于本程序要求（可能由测试程序建立），不能打开。',
    en: "This archive's password protection is weaker than this app requires (a test may have made it); it cannot be opened.",
  },
  DB_DAMAGED: { zh: '数据库文件已损坏或密钥不匹配，请从备份恢复。', en: 'The database file is damaged or does not match the key; restore from a backup.' },
  DB_TOO_NEW: {
    zh: '此档案库由更新版本的档案室创建，请升级本程序后再打开。',
    en: 'This archive was written by a newer Archive Room; upgrade the app to open it.',
  },
  FOLDER_IN_USE: {
    zh: '此数据文件夹正由另一个档案室程序使用。请先关闭它，再重试。',
    en: 'Another Archive Room program is using this data folder. Close it, then try again.',
  },
  DISK_FULL: { zh: '磁盘空间不足，操作未完成，数据未更改。请腾出空间后重试。', en: 'The disk is full; nothing was changed. Free some space and try again.' },
  OFFLINE: {
    zh: '暂时连不上档案室服务器，正在重连。本次操作可能未完成；已填写的内容仍在，恢复连接后请核对并再次保存。',
    en: 'The Archive Room server cannot be reached; reconnecting. This action may not have been done; what you typed is kept — check and save again once connected.',
  },
  INTERNAL: { zh: '内部错误，操作未完成，数据未更改。', en: 'Internal error; nothing was changed.' },
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface FieldIssue {
  path: string;
  zh: string;
  en: string;
}

/**
 * A stale edit (optimistic version): the version the editor loaded is no longer the stored one.
 * `fields` are where what they sent (`mine`) and what is stored now (`theirs`) differ.
 */
export interface EditConflict {
  loadedVersion: number;
  currentVersion: number;
  fields: { path: string; mine: unknown; theirs: unknown }[];
}

/** The words of a stale edit, whatever the row. */
export const STALE_EDIT = { zh: '其他人已修改此记录，请重新加载。', en: 'Someone else changed this record; reload.' } as const;

export interface AppErrorShape {
  code: ErrorCode;
  zh: string;
  en: string;
  fields?: FieldIssue[];
  retryAfterMs?: number;
  conflict?: EditConflict;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Thrown on the Node side; turned into `{ok:false}` by the one handler wrapper. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly zh: string;
  readonly en: string;
  readonly fields?: FieldIssue[];
  readonly retryAfterMs?: number;
  readonly conflict?: EditConflict;

  constructor(code: ErrorCode, detail?: { zh?: string; en?: string; fields?: FieldIssue[]; retryAfterMs?: number; conflict?: EditConflict }) {
    const base = ERROR_MESSAGES[code];
    const zh = detail?.zh ?? base.zh;
    const en = detail?.en ?? base.en;
    super(`${code}: ${en}`);
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.fields = detail?.fields;
    this.retryAfterMs = detail?.retryAfterMs;
    this.conflict = detail?.conflict;
  }

  toShape(): AppErrorShape {
    const s: AppErrorShape = { code: this.code, zh: this.zh, en: this.en };
    if (this.fields) s.fields = this.fields;
    if (this.retryAfterMs !== undefined) s.retryAfterMs = this.retryAfterMs;
    if (this.conflict) s.conflict = this.conflict;
    return s;
  }
}
