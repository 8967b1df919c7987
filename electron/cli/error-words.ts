/**
 * File-system failures in words. Only the operation's path (which the user typed) and the
 * system's code go into the message, never the error's own text.
 */
const WORDS: Record<string, { zh: string; en: string }> = {
  ENOENT: { zh: '找不到文件或文件夹', en: 'file or folder not found' },
  EACCES: { zh: '没有权限读写', en: 'permission denied' },
  EPERM: { zh: '操作系统不允许此操作', en: 'the operating system does not allow this' },
  ENOSPC: { zh: '磁盘已满', en: 'the disk is full' },
  EDQUOT: { zh: '磁盘配额已用完', en: 'the disk quota is used up' },
  EROFS: { zh: '磁盘为只读', en: 'the disk is read-only' },
  EISDIR: { zh: '这是一个文件夹，不是文件', en: 'this is a folder, not a file' },
  ENOTDIR: { zh: '路径中有一段不是文件夹', en: 'part of the path is not a folder' },
  EEXIST: { zh: '文件已存在', en: 'the file exists already' },
  EMFILE: { zh: '打开的文件过多', en: 'too many open files' },
  EIO: { zh: '磁盘读写错误（U 盘是否已拔出？）', en: 'disk I/O error (was the USB stick removed?)' },
  EBUSY: { zh: '文件正被占用', en: 'the file is busy' },
};

export function fileErrorWords(e: unknown): { zh: string; en: string } | null {
  const err = e as { code?: unknown; path?: unknown };
  if (typeof err?.code !== 'string' || !(err.code in WORDS)) return null;
  const w = WORDS[err.code];
  const where = typeof err.path === 'string' ? err.path : '';
  return {
    zh: `${w.zh}${where ? `：${where}` : ''}（${err.code}），操作未完成。`,
    en: `${w.en}${where ? `: ${where}` : ''} (${err.code}); the command did not finish.`,
  };
}
