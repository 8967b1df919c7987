import type { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { ERR } from '../../shared/error-texts';
import { AppError } from '../../shared/errors';
import { dialectOf } from '../db/engine';
import { reformVaultSecrets } from '../vault/vault-secrets';

/**
 * Every table of an archive as engine-neutral chunks, and back: what moves an archive between
 * SQLCipher and PostgreSQL (a logical backup, a restore into the other engine). The tables and
 * columns are the entities' (electron/db/entities): values are read and written through TypeORM,
 * so a boolean is a boolean on both engines and text stays byte-for-byte the same (the audit
 * chain's HMACs are over it). What an engine derives by itself (SQLite's search index, tallies,
 * place keys) is not carried: the target's own triggers rebuild it as the rows go in.
 */
export interface TableChunk {
  table: string;
  /** Entity property names, in the order of each row's values. */
  columns: string[];
  rows: unknown[][];
}

/** Rows read per round trip while dumping a table. */
const READ_BATCH = 2000;

/** The archive's tables, every table after the ones its foreign keys point to. */
export function tablesInOrder(ds: DataSource): EntityMetadata[] {
  const all = [...ds.entityMetadatas].sort((a, b) => a.tableName.localeCompare(b.tableName));
  const done = new Set<string>();
  const out: EntityMetadata[] = [];
  const visit = (m: EntityMetadata, path: Set<string>) => {
    if (done.has(m.tableName)) return;
    if (path.has(m.tableName)) throw new Error(`foreign-key cycle at ${m.tableName}`);
    path.add(m.tableName);
    for (const fk of m.foreignKeys) if (fk.referencedEntityMetadata.tableName !== m.tableName) visit(fk.referencedEntityMetadata, path);
    path.delete(m.tableName);
    done.add(m.tableName);
    out.push(m);
  };
  for (const m of all) visit(m, new Set());
  return out;
}

/** Reads every table, in dependency order, in chunks (call it inside the engine's snapshot). */
export async function* readTables(m: EntityManager, batch = READ_BATCH): AsyncGenerator<TableChunk> {
  for (const meta of tablesInOrder(m.connection)) {
    const columns = meta.columns.map((c) => c.propertyName);
    const qb = () => {
      const q = m.createQueryBuilder(meta.target, 't');
      meta.primaryColumns.forEach((c, i) => (i === 0 ? q.orderBy(`t.${c.propertyName}`, 'ASC') : q.addOrderBy(`t.${c.propertyName}`, 'ASC')));
      return q;
    };
    let emitted = false;
    for (let offset = 0; ; offset += batch) {
      const rows = (await qb().offset(offset).limit(batch).getMany()) as Record<string, unknown>[];
      if (rows.length > 0 || !emitted) yield { table: meta.tableName, columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) };
      emitted = true;
      if (rows.length < batch) break;
    }
  }
}

/**
 * Loads chunks into a freshly migrated archive, in one transaction: first the rows the migrations
 * seeded (default tags, categories, the chain's genesis row) go, then every table is filled from
 * the chunks. A table or column this build does not know refuses the whole load. Returns the
 * number of rows per table.
 */
export async function loadTables(ds: DataSource, chunks: AsyncIterable<TableChunk>, vaultKey: Buffer): Promise<Record<string, number>> {
  const dialect = dialectOf(ds);
  const ordered = tablesInOrder(ds);
  const byTable = new Map(ordered.map((meta) => [meta.tableName, meta]));
  const counts: Record<string, number> = Object.fromEntries(ordered.map((meta) => [meta.tableName, 0]));
  await ds.transaction(async (m) => {
    for (const meta of [...ordered].reverse()) await m.createQueryBuilder().delete().from(meta.target).execute();
    for await (const chunk of chunks) {
      const meta = byTable.get(chunk.table);
      if (!meta) throw new AppError('DB_TOO_NEW', ERR.restore.unknownTable(chunk.table));
      const known = new Set(meta.columns.map((c) => c.propertyName));
      const unknown = chunk.columns.find((c) => !known.has(c));
      if (unknown) throw new AppError('DB_TOO_NEW', ERR.restore.unknownColumn(chunk.table, unknown));
      const size = dialect.insertBatch(chunk.columns.length);
      for (let i = 0; i < chunk.rows.length; i += size) {
        const values = chunk.rows.slice(i, i + size).map((r) => Object.fromEntries(chunk.columns.map((c, j) => [c, r[j]])));
        await m.createQueryBuilder().insert().into(meta.target).values(values).updateEntity(false).execute();
      }
      counts[chunk.table] += chunk.rows.length;
    }
    await dialect.afterBulkLoad(m);
    // The vault's own secrets are kept sealed on PostgreSQL, plain inside SQLCipher's encrypted file.
    await reformVaultSecrets(m, vaultKey, randomBytes);
  });
  await dialect.afterBulkWrite(ds.manager);
  return counts;
}

/** Rows per table, counted by the engine (what a restore compares on both sides). */
export async function countTables(m: EntityManager): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const meta of tablesInOrder(m.connection)) out[meta.tableName] = await m.count(meta.target);
  return out;
}
