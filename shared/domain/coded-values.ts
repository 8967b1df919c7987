import { VOCABULARIES, type CodedColumn, type CodedOption, type Vocabulary } from './coded-vocab';

export type { CodedColumn, CodedOption } from './coded-vocab';

/**
 * One rule for coded values, shared by the importer, the mapping step and the resident form:
 * `normaliseCoded('residenceType', '自有住房')` → `{ ok: true, value: 'own' }`.
 *
 * Safe fuzzy rules only: width (NFKC), spaces and case never change a meaning; a column's own
 * endings (住房, 人员, 性 …) are dropped, or its one ending added (汉 → 汉族), only after the whole
 * word failed, and only to reach a word of the same table. No substring or edit-distance guesses.
 */
export function normaliseCoded(column: CodedColumn, raw: string): { ok: true; value: string } | { ok: false } {
  const f = fold(raw);
  if (!f) return { ok: false };
  const t = table(column);
  const hit = t.exact.get(f) ?? t.byEnding(f);
  return hit === undefined ? { ok: false } : { ok: true, value: hit };
}

/** The values a column stores, with their labels, in the order a keeper expects to see them. */
export function codedOptions(column: CodedColumn): readonly CodedOption[] {
  return VOCABULARIES[column].options;
}

/** The label of a stored value ("own" → 自有), or the value itself for text the table does not hold. */
export function codedLabel(column: CodedColumn, value: string, lang: 'zh' | 'en' = 'zh'): string {
  const opt = VOCABULARIES[column].options.find((x) => x.value === value);
  return opt ? opt[lang] : value;
}

export function isCodedColumn(key: string): key is CodedColumn {
  return Object.prototype.hasOwnProperty.call(VOCABULARIES, key);
}

/** Open vocabularies keep an unknown word as written (the field is free text in the form). */
export function isOpenVocabulary(column: CodedColumn): boolean {
  return VOCABULARIES[column].open === true;
}

/** What the column accepts, for messages: "自有 / 租住 / 其他". */
export function codedHint(column: CodedColumn): { zh: string; en: string } {
  return VOCABULARIES[column].hint;
}

export const CODED_COLUMNS = Object.keys(VOCABULARIES) as CodedColumn[];

/** Full-width → half-width, ideographic and other spaces gone, lower case. */
export function fold(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u200b\ufeff]+/g, '')
    .toLowerCase();
}

interface Table {
  exact: Map<string, string>;
  byEnding: (folded: string) => string | undefined;
}
const tables = new Map<CodedColumn, Table>();

function table(column: CodedColumn): Table {
  let t = tables.get(column);
  if (!t) tables.set(column, (t = build(column, VOCABULARIES[column])));
  return t;
}

function build(column: CodedColumn, v: Vocabulary): Table {
  const exact = new Map<string, string>();
  const add = (word: string, value: string) => {
    const k = fold(word);
    const prev = exact.get(k);
    // Two meanings for one spelling would make the table guess: a defect in the table itself.
    if (prev !== undefined && prev !== value) throw new Error(`coded-values: "${word}" means both ${prev} and ${value} in ${column}`);
    exact.set(k, value);
  };
  const values = new Set(v.options.map((x) => x.value));
  for (const x of v.options) for (const w of [x.value, x.zh, x.en]) add(w, x.value);
  for (const [w, value] of Object.entries(v.synonyms)) {
    if (!values.has(value)) throw new Error(`coded-values: synonym "${w}" of ${column} points at ${value}, not an option`);
    add(w, value);
  }
  const endings = (v.suffixes ?? []).map(fold).sort((a, b) => b.length - a.length);
  const extra = v.addSuffix ? fold(v.addSuffix) : '';
  return {
    exact,
    byEnding: (f) => {
      for (const e of endings) {
        if (f.length > e.length && f.endsWith(e)) {
          const hit = exact.get(f.slice(0, -e.length));
          if (hit !== undefined) return hit;
        }
      }
      return extra && !f.endsWith(extra) ? exact.get(f + extra) : undefined;
    },
  };
}
