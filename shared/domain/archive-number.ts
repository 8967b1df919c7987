/**
 * Archive-number (档号) patterns, e.g. DA/T 22 style "{全宗号}-{年度}-{保管期限}-{件号:4}" or
 * "{社区}-{网格}-{楼栋}-{户}-{序号:3}". Exactly one sequence token ({件号:N}/{序号:N}/{seq:N}).
 */
export interface ArchiveNoValues {
  fonds?: string; // 全宗号
  community?: string;
  year?: number | string;
  retention?: string;
  grid?: string;
  building?: string;
  unit?: string;
  room?: string;
  category?: string;
}

const FIELD_ALIASES: Record<string, keyof ArchiveNoValues> = {
  全宗号: 'fonds',
  fonds: 'fonds',
  社区: 'community',
  community: 'community',
  年度: 'year',
  year: 'year',
  保管期限: 'retention',
  retention: 'retention',
  网格: 'grid',
  grid: 'grid',
  楼栋: 'building',
  building: 'building',
  单元: 'unit',
  unit: 'unit',
  户: 'room',
  房号: 'room',
  room: 'room',
  类别: 'category',
  category: 'category',
};
const SEQ_NAMES = new Set(['件号', '序号', 'seq']);
const TOKEN = /\{([^{}:]+)(?::(\d{1,2}))?\}/g;

export const DEFAULT_ARCHIVE_NO_PATTERN = '{全宗号}-{年度}-{保管期限}-{件号:4}';

export type PatternProblem = { zh: string; en: string };

export function checkPattern(pattern: string): PatternProblem | null {
  let seqCount = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    if (SEQ_NAMES.has(m[1])) seqCount++;
    else if (!(m[1] in FIELD_ALIASES)) return { zh: `未知的字段 {${m[1]}}`, en: `Unknown field {${m[1]}}` };
  }
  if (seqCount !== 1) return { zh: '档号规则须含且只含一个 {件号:N} 或 {序号:N}', en: 'The pattern needs exactly one {件号:N} or {序号:N}' };
  if (/[%_\\]/.test(pattern.replace(TOKEN, ''))) return { zh: '档号规则不能含 % _ \\', en: 'The pattern cannot contain % _ \\' };
  return null;
}

/** Splits the rendered pattern around the sequence: prefix + zero-padded number + suffix. */
export function renderParts(pattern: string, v: ArchiveNoValues): { prefix: string; suffix: string; width: number } {
  let width = 4;
  let seqAt = -1;
  const out = pattern.replace(TOKEN, (whole, name: string, w: string | undefined, offset: number) => {
    if (SEQ_NAMES.has(name)) {
      width = w ? Number(w) : 4;
      seqAt = offset;
      return '\u0000';
    }
    const val = v[FIELD_ALIASES[name]];
    return val === undefined || val === '' ? 'X' : String(val);
  });
  const i = out.indexOf('\u0000');
  if (seqAt < 0 || i < 0) return { prefix: out, suffix: '', width };
  return { prefix: out.slice(0, i), suffix: out.slice(i + 1), width };
}

export function formatArchiveNo(pattern: string, v: ArchiveNoValues, seq: number): string {
  const p = renderParts(pattern, v);
  return `${p.prefix}${String(seq).padStart(p.width, '0')}${p.suffix}`;
}

/** Next free sequence given archive numbers already issued with the same prefix/suffix. */
export function nextSequence(pattern: string, v: ArchiveNoValues, existing: readonly string[]): number {
  const { prefix, suffix } = renderParts(pattern, v);
  let max = 0;
  for (const no of existing) {
    if (!no.startsWith(prefix) || !no.endsWith(suffix)) continue;
    const mid = no.slice(prefix.length, no.length - suffix.length);
    if (/^\d+$/.test(mid)) max = Math.max(max, Number(mid));
  }
  return max + 1;
}
