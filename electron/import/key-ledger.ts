import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite from '@journeyapps/sqlcipher';

/**
 * What an import remembers about the rows before the batch in hand, one key → one value per set:
 * the sheet's addresses (→ household number), citizen IDs and names in a household (→ where first
 * seen), households' heads, the household each number became, the archive's residents a row matched.
 */
export type LedgerSet = 'address' | 'citizenId' | 'name' | 'head' | 'household' | 'matched';
export type LedgerValue = number | string;
const SETS: readonly LedgerSet[] = ['address', 'citizenId', 'name', 'head', 'household', 'matched'];

/**
 * The keys a streamed import checks each row against (a duplicate ID three hundred thousand rows
 * back, the household a later row joins). Asked once per batch for the batch's own keys, so the
 * batch can be checked as if every earlier row were in memory.
 */
export interface KeyLedger {
  /** The values recorded for any of `keys` (keys never recorded are absent). */
  recall(set: LedgerSet, keys: Iterable<string>): Promise<Map<string, LedgerValue>>;
  /** Records keys first seen in the batch just checked (a key already recorded keeps its first value). */
  record(set: LedgerSet, entries: Iterable<[string, LedgerValue]>): Promise<void>;
  close(): Promise<void>;
}

/**
 * One set of a ledger as the batch in hand sees it: the ledger's values for the batch's keys (asked
 * for once, in `begin`), then what the batch itself sets, recorded in `end`.
 */
export class LedgerView<V extends LedgerValue> {
  private earlier = new Map<string, LedgerValue>();
  private added = new Map<string, V>();

  constructor(
    private readonly ledger: KeyLedger,
    private readonly which: LedgerSet,
  ) {}

  async begin(keys: Iterable<string>): Promise<void> {
    this.earlier = await this.ledger.recall(this.which, new Set(keys));
    this.added = new Map();
  }

  get(key: string): V | undefined {
    return this.added.get(key) ?? (this.earlier.get(key) as V | undefined);
  }

  set(key: string, value: V): void {
    this.added.set(key, value);
  }

  async end(): Promise<void> {
    await this.ledger.record(this.which, this.added);
    this.earlier = new Map();
    this.added = new Map();
  }
}

/** In memory: a whole sheet checked at once (tests, the bench's plain path), or a small one until it spills. */
export class MemoryLedger implements KeyLedger {
  private readonly sets = new Map<LedgerSet, Map<string, LedgerValue>>(SETS.map((s) => [s, new Map()]));

  async recall(set: LedgerSet, keys: Iterable<string>): Promise<Map<string, LedgerValue>> {
    const m = this.sets.get(set)!;
    const out = new Map<string, LedgerValue>();
    for (const k of keys) {
      const v = m.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async record(set: LedgerSet, entries: Iterable<[string, LedgerValue]>): Promise<void> {
    const m = this.sets.get(set)!;
    for (const [k, v] of entries) if (!m.has(k)) m.set(k, v);
  }

  /** Everything recorded in `set` (SpillingLedger copies it to disk). */
  entries(set: LedgerSet): IterableIterator<[string, LedgerValue]> {
    return this.sets.get(set)!.entries();
  }

  async close(): Promise<void> {
    this.sets.clear();
  }
}

/** Keys held in memory before a ledger moves to disk: ≈ 200 B each, so ≈ 40 MB at most. */
export const SPILL_KEYS = 200_000;

/**
 * In memory while the sheet is small (a community's few thousand rows: no file, no disk writes),
 * on disk from the first batch that takes it past `limit` keys: everything recorded so far is
 * copied over once, and memory stays flat from there, however long the sheet.
 */
export class SpillingLedger implements KeyLedger {
  private memory: MemoryLedger | null = new MemoryLedger();
  private disk: DiskLedger | null = null;
  private keys = 0;

  constructor(
    private readonly limit = SPILL_KEYS,
    private readonly openDisk: () => Promise<DiskLedger> = () => DiskLedger.open(),
  ) {}

  /** Whether the ledger has moved to disk (tests, the bench). */
  get onDisk(): boolean {
    return this.disk !== null;
  }

  recall(set: LedgerSet, keys: Iterable<string>): Promise<Map<string, LedgerValue>> {
    return (this.disk ?? this.memory!).recall(set, keys);
  }

  async record(set: LedgerSet, entries: Iterable<[string, LedgerValue]>): Promise<void> {
    if (this.disk) return this.disk.record(set, entries);
    const list = [...entries];
    await this.memory!.record(set, list);
    this.keys += list.length;
    if (this.keys <= this.limit) return;
    const disk = await this.openDisk();
    try {
      for (const which of SETS) await disk.record(which, this.memory!.entries(which));
    } catch (e) {
      await disk.close();
      throw e;
    }
    this.disk = disk;
    this.memory = null;
  }

  async close(): Promise<void> {
    await this.disk?.close();
    await this.memory?.close();
  }
}

type Db = InstanceType<typeof sqlite.Database>;

/** Keys per statement: the batch's keys go in as one JSON array. */
const PER_STATEMENT = 10_000;
/** The ledger's page cache (KiB): the ceiling on what it holds in memory, whatever the sheet's size. */
const CACHE_KIB = 16 * 1024;

/**
 * On disk, for a sheet of any size: memory stays flat with the row count (a street's 1M rows kept
 * ≈ 200 B a row on the heap as Maps). The keys are citizen IDs, names and addresses, so the file is
 * a SQLCipher database under a random key that only this process ever holds — what reaches the disk
 * is as unreadable as the archive itself, and nothing is left readable if the process dies — in a
 * folder of its own under the system's temp folder, deleted on close. No journal and no sync: the
 * ledger lives and dies with one import.
 */
export class DiskLedger implements KeyLedger {
  /** The writes queued so far (see record). */
  private written: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Db,
    private readonly dir: string,
  ) {}

  static async open(parent = tmpdir()): Promise<DiskLedger> {
    removeStale(parent);
    const dir = mkdtempSync(join(parent, PREFIX));
    try {
      const db = await new Promise<Db>((resolve, reject) => {
        const d: Db = new sqlite.Database(join(dir, 'keys.db'), sqlite.OPEN_READWRITE | sqlite.OPEN_CREATE, (e) => (e ? reject(e) : resolve(d)));
      });
      const ledger = new DiskLedger(db, dir);
      const key = randomBytes(32);
      await ledger.exec(`PRAGMA key = "x'${key.toString('hex')}'"`);
      key.fill(0);
      await ledger.exec(
        [
          // Sorting and temporary b-trees stay in memory: SQLCipher does not encrypt temporary files.
          'PRAGMA temp_store = MEMORY',
          'PRAGMA journal_mode = OFF',
          'PRAGMA synchronous = OFF',
          'PRAGMA locking_mode = EXCLUSIVE',
          `PRAGMA cache_size = -${CACHE_KIB}`,
          ...SETS.map((s) => `CREATE TABLE ${s} (k TEXT PRIMARY KEY, v) WITHOUT ROWID`),
        ].join(';'),
      );
      return ledger;
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** The ledger's file (tests check what reaches the disk). */
  get file(): string {
    return join(this.dir, 'keys.db');
  }

  async recall(set: LedgerSet, keys: Iterable<string>): Promise<Map<string, LedgerValue>> {
    await this.written;
    const out = new Map<string, LedgerValue>();
    for (const slice of slices([...keys])) {
      const rows = await this.all(`SELECT k, v FROM ${SETS_SQL[set]} WHERE k IN (SELECT value FROM json_each(?))`, JSON.stringify(slice));
      for (const r of rows) out.set(r.k, r.v);
    }
    return out;
  }

  /**
   * Queued, not awaited: the write runs on SQLite's thread while the import reads and checks the
   * next rows; the next recall (or close) waits for it, and a failed write fails there.
   */
  async record(set: LedgerSet, entries: Iterable<[string, LedgerValue]>): Promise<void> {
    const json = [...slices([...entries])].map((slice) => JSON.stringify(slice));
    const sql = `INSERT OR IGNORE INTO ${SETS_SQL[set]} (k, v) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)`;
    this.written = this.written.then(async () => {
      for (const j of json) await this.exec1(sql, j);
    });
    // Handled here too (an unhandled rejection would end the process); recall and close still see it.
    this.written.catch(() => undefined);
  }

  async close(): Promise<void> {
    try {
      await this.written;
    } catch {
      // The import has failed or is failing: the ledger goes either way.
    }
    try {
      await new Promise<void>((resolve, reject) => this.db.close((e) => (e ? reject(e) : resolve())));
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (e) => (e ? reject(e) : resolve())));
  }

  private exec1(sql: string, param: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.run(sql, [param], (e) => (e ? reject(e) : resolve())));
  }

  private all(sql: string, param: string): Promise<{ k: string; v: LedgerValue }[]> {
    return new Promise((resolve, reject) => this.db.all(sql, [param], (e, rows) => (e ? reject(e) : resolve(rows as { k: string; v: LedgerValue }[]))));
  }
}

const PREFIX = 'archive-room-import-';
/** A ledger folder this old is a killed import's (its key died with it): unreadable, only clutter. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Removes ledger folders left by imports that were killed. Safe beside a live one: on Linux and
 * macOS an open file outlives its name, and Windows refuses to delete a file in use (skipped).
 */
function removeStale(parent: string): void {
  try {
    for (const name of readdirSync(parent)) {
      if (!name.startsWith(PREFIX)) continue;
      const dir = join(parent, name);
      try {
        if (Date.now() - statSync(dir).mtimeMs > STALE_MS) rmSync(dir, { recursive: true, force: true });
      } catch {
        // In use, or already gone.
      }
    }
  } catch {
    // The temp folder unreadable: mkdtemp below says so.
  }
}

/** Table names: only ever one of SETS (never text from a sheet). */
const SETS_SQL: Record<LedgerSet, string> = Object.fromEntries(SETS.map((s) => [s, s])) as Record<LedgerSet, string>;

function* slices<T>(xs: T[]): Generator<T[]> {
  for (let i = 0; i < xs.length; i += PER_STATEMENT) yield xs.slice(i, i + PER_STATEMENT);
}
