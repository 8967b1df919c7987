/**
 * DA/T 22-2015: one box holds the records of one year and one retention period — the spine shows
 * a single 年度 and 保管期限. A box whose records mix them is refused by name, so the keeper can
 * move the odd ones out instead of printing a spine that misfiles them.
 */
export interface BoxRecord {
  archiveNo: string;
  year: number;
  /** Retention as printed, e.g. "永久", "定期30年". */
  retention: string;
}

export interface BoxGroup {
  year: number;
  retention: string;
  archiveNos: string[];
}

/** The box's records grouped by year and retention, largest group first; one group = a proper box. */
export function boxGroups(records: readonly BoxRecord[]): BoxGroup[] {
  const by = new Map<string, BoxGroup>();
  for (const r of records) {
    const key = `${r.year}\u0000${r.retention}`;
    let g = by.get(key);
    if (!g) by.set(key, (g = { year: r.year, retention: r.retention, archiveNos: [] }));
    g.archiveNos.push(r.archiveNo);
  }
  return [...by.values()].sort((a, b) => b.archiveNos.length - a.archiveNos.length || a.year - b.year || a.retention.localeCompare(b.retention));
}

const MAX_NAMED = 5;
const named = (nos: string[], sep: string) => nos.slice(0, MAX_NAMED).join(sep) + (nos.length > MAX_NAMED ? `${sep}…` : '');

/**
 * null when the box holds one year and one retention; otherwise the refusal in both languages,
 * naming the records that differ from the box's main group (the largest).
 */
export function mixedBoxProblem(records: readonly BoxRecord[]): { zh: string; en: string } | null {
  const groups = boxGroups(records);
  if (groups.length <= 1) return null;
  const [main, ...odd] = groups;
  const zhOdd = odd.map((g) => `${g.year}年·${g.retention}：${named(g.archiveNos, '、')}（${g.archiveNos.length}件）`).join('；');
  const enOdd = odd.map((g) => `${g.year} · ${g.retention}: ${named(g.archiveNos, ', ')} (${g.archiveNos.length})`).join('; ');
  return {
    zh: `一盒只能装同一年度、同一保管期限的档案。此盒主要是 ${main.year}年·${main.retention}（${main.archiveNos.length}件），另有 ${zhOdd}。请把这些档案移到别的盒后再打印盒脊。`,
    en: `A box holds one year and one retention period only. This box is mostly ${main.year} · ${main.retention} (${main.archiveNos.length}), but also holds ${enOdd}. Move those records to another box, then print the spine.`,
  };
}
