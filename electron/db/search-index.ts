/**
 * The search index of the one search box (SQLite/SQLCipher): an FTS5 trigram index over *tripled*
 * text, kept by triggers, so every writer (forms, review, import, raw SQL) updates it in its own
 * transaction.
 *
 * Why tripled: the trigram tokenizer finds substrings of 3+ characters only, but keepers type one
 * or two (王, 秀英). Each character c of the text is stored as ccc; a fragment q is looked up as its
 * tripled form q′. "张三" becomes 张张张三三三, whose trigrams 张张张 / 张张三 / 张三三 / 三三三 hold every
 * unigram and bigram of the text, and a phrase query for q′ matches exactly when the text contains
 * q (a match of q′ not aligned to the triples forces runs of one character, which contain q too).
 * One index answers 1, 2 and 3+ characters; case-sensitive, like the instr() it replaces.
 *
 * FTS rows are numbered by search_rows (kind, ref → n): the referenced tables have text keys, and
 * their implicit rowids may be renumbered by a VACUUM, so the index never depends on them.
 */

/** One indexed text: the table, its key, the column (or SQL over NEW.column) and its longest length. */
interface Source {
  kind: 'r' | 'h' | 'a';
  table: string;
  fts: string;
  column: string;
  /** The contract's ceiling for the column: every character up to it is indexed. */
  max: number;
  /** SQL turning the tripled text into what is searched (addresses: their key, see address-key.ts). */
  shape?: (tripled: string) => string;
}

/** Tripled form of addressKeySql: spaces dropped, 栋/幢/座 read as 号楼, 室 dropped. */
const tripledAddressKey = (t: string) => {
  const three = (s: string) => [...s].map((c) => c.repeat(3)).join('');
  const built = ['栋', '幢', '座'].reduce((acc, w) => `replace(${acc}, '${three(w)}', '${three('号楼')}')`, `replace(${t}, '${three(' ')}', '')`);
  return `replace(${built}, '${three('室')}', '')`;
};

export const SEARCH_SOURCES: Source[] = [
  { kind: 'r', table: 'residents', fts: 'search_residents', column: 'name', max: 40 },
  { kind: 'h', table: 'households', fts: 'search_households', column: 'address', max: 200, shape: tripledAddressKey },
  { kind: 'a', table: 'archive_records', fts: 'search_records', column: 'title', max: 200 },
];

/** SQL for the tripled text of `expr`: substr(x,1,1) three times, then the second character … */
function tripledUpTo(expr: string, len: number): string {
  return Array.from({ length: len }, (_, i) => {
    const c = `substr(${expr}, ${i + 1}, 1)`;
    return `${c} || ${c} || ${c}`;
  }).join(' || ');
}

/** The same, in tiers by length: a short name costs 24 substr() calls, not the 600 of the longest title. */
function tripledSql(expr: string, max: number): string {
  const tiers = [8, 32].filter((t) => t < max);
  return `CASE ${tiers.map((t) => `WHEN length(${expr}) <= ${t} THEN ${tripledUpTo(expr, t)}`).join(' ')} ELSE ${tripledUpTo(expr, max)} END`;
}

function indexedText(s: Source, row: 'NEW' | 'src'): string {
  const t = tripledSql(`${row}.${s.column}`, s.max);
  return s.shape ? s.shape(t) : t;
}

/** Tables and triggers of the index (migration 0012). */
export function searchIndexDdl(): string[] {
  const out = [
    'CREATE TABLE search_rows (n INTEGER PRIMARY KEY, kind VARCHAR(1) NOT NULL, ref VARCHAR(64) NOT NULL)',
    'CREATE UNIQUE INDEX idx_search_rows_ref ON search_rows (kind, ref)',
  ];
  for (const s of SEARCH_SOURCES) {
    const n = (id: string) => `(SELECT n FROM search_rows WHERE kind = '${s.kind}' AND ref = ${id})`;
    out.push(
      `CREATE VIRTUAL TABLE ${s.fts} USING fts5(t, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1)`,
      `CREATE TRIGGER ${s.fts}_ai AFTER INSERT ON ${s.table} BEGIN
         INSERT INTO search_rows (kind, ref) VALUES ('${s.kind}', NEW.id);
         INSERT INTO ${s.fts} (rowid, t) VALUES (last_insert_rowid(), ${indexedText(s, 'NEW')});
       END`,
      `CREATE TRIGGER ${s.fts}_au AFTER UPDATE OF id, ${s.column} ON ${s.table}
         WHEN OLD.id IS NOT NEW.id OR OLD.${s.column} IS NOT NEW.${s.column} BEGIN
         UPDATE search_rows SET ref = NEW.id WHERE kind = '${s.kind}' AND ref = OLD.id;
         DELETE FROM ${s.fts} WHERE rowid = ${n('NEW.id')};
         INSERT INTO ${s.fts} (rowid, t) VALUES (${n('NEW.id')}, ${indexedText(s, 'NEW')});
       END`,
      `CREATE TRIGGER ${s.fts}_ad AFTER DELETE ON ${s.table} BEGIN
         DELETE FROM ${s.fts} WHERE rowid = ${n('OLD.id')};
         DELETE FROM search_rows WHERE kind = '${s.kind}' AND ref = OLD.id;
       END`,
    );
  }
  return out;
}

/** Fills the index from the tables (migration 0012 on an archive that already holds rows). */
export function searchIndexFill(): string[] {
  return SEARCH_SOURCES.flatMap((s) => [
    `INSERT INTO search_rows (kind, ref) SELECT '${s.kind}', id FROM ${s.table} ORDER BY rowid`,
    `INSERT INTO ${s.fts} (rowid, t) SELECT r.n, ${indexedText(s, 'src')} FROM ${s.table} src JOIN search_rows r ON r.kind = '${s.kind}' AND r.ref = src.id`,
  ]);
}

export function searchIndexDrop(): string[] {
  return [
    ...SEARCH_SOURCES.flatMap((s) => [`DROP TRIGGER ${s.fts}_ai`, `DROP TRIGGER ${s.fts}_au`, `DROP TRIGGER ${s.fts}_ad`, `DROP TABLE ${s.fts}`]),
    'DROP TABLE search_rows',
  ];
}

/** The FTS5 query for "the text contains every one of `fragments`": each a quoted phrase of its tripled form. */
export function containsQuery(fragments: string[]): string {
  return fragments
    .map(
      (f) =>
        `"${[...f]
          .map((c) => c.repeat(3))
          .join('')
          .replace(/"/g, '""')}"`,
    )
    .join(' AND ');
}

/** FROM clause joining an FTS table (alias f) to its source rows through search_rows. */
export function matchFrom(kind: Source['kind'], alias: string): string {
  const s = SEARCH_SOURCES.find((x) => x.kind === kind)!;
  return `${s.fts} f JOIN search_rows sr ON sr.n = f.rowid JOIN ${s.table} ${alias} ON ${alias}.id = sr.ref`;
}

/** Keys of the rows of `kind` whose text matches the named parameter `:param` (a subquery for IN). */
export function matchRefs(kind: Source['kind'], param: string): string {
  const s = SEARCH_SOURCES.find((x) => x.kind === kind)!;
  return `SELECT sr.ref FROM ${s.fts} f JOIN search_rows sr ON sr.n = f.rowid WHERE ${s.fts} MATCH :${param}`;
}

export function matchWhere(kind: Source['kind']): string {
  return `${ftsTable(kind)} MATCH ?`;
}

/** The FTS table of `kind` (a count of its matches reads the index alone). */
export function ftsTable(kind: Source['kind']): string {
  return SEARCH_SOURCES.find((x) => x.kind === kind)!.fts;
}

/**
 * The reversed text of a column, as plain SQL (SQLite has no reverse()): "the last digits of a phone
 * or an ID" becomes a prefix of it, served by an expression index on the very same expression.
 */
export function reversedSql(column: string, max: number): string {
  return Array.from({ length: max }, (_, i) => `substr(${column}, ${max - i}, 1)`).join(' || ');
}

export const PHONE_MAX = 20;
export const CITIZEN_ID_MAX = 18;
