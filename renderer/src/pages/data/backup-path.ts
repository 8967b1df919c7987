/**
 * The backup field accepts a folder (a USB stick's root, say) as well as a file: a folder gets a
 * dated file name. The Node side still decides — it refuses relative paths, other endings, a
 * missing folder or an existing file, with its own zh/en message.
 */
export function backupFilePath(input: string, now = new Date()): string {
  const v = input.trim();
  if (v.toLowerCase().endsWith('.arbak')) return v;
  // Keep the separator the user typed: Windows paths stay Windows paths.
  const sep = v.includes('\\') && !v.includes('/') ? '\\' : '/';
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
  return `${v.replace(/[\\/]+$/, '')}${sep}档案室备份-${stamp}.arbak`;
}
