/**
 * The backup field accepts a folder (a USB stick's root, say) as well as a file: a folder gets a
 * dated file name (`stamp`: the archive's time, fileStamp → "20261202-1808"). The Node side still decides — it refuses relative paths, other endings, a
 * missing folder or an existing file, with its own zh/en message.
 */
export function backupFilePath(input: string, stamp: string): string {
  const v = input.trim();
  if (v.toLowerCase().endsWith('.arbak')) return v;
  // Keep the separator the user typed: Windows paths stay Windows paths.
  const sep = v.includes('\\') && !v.includes('/') ? '\\' : '/';
  return `${v.replace(/[\\/]+$/, '')}${sep}档案室备份-${stamp}.arbak`;
}
