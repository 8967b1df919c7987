import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Adds every column of `entity` (joined as `alias`) to a raw select, each under its column name
 * (`archive_no`, `household_id` …): what `SELECT alias.*` gave, on every engine.
 */
export function selectColumns<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  m: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): SelectQueryBuilder<T> {
  for (const c of m.connection.getMetadata(entity).columns) qb.addSelect(`${alias}.${c.propertyPath}`, c.databaseName);
  return qb;
}
