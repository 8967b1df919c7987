import { canonicalJson } from '../canonical-json';

/**
 * 最少披露 in the audit trail. These actions change the register of residents, households and
 * records, whose values (phone, ID number, health, 低保 …) are personal: their audit entries keep
 * which fields changed, never the values (those go to the change history keepers read).
 */
export const VALUE_ACTIONS: ReadonlySet<string> = new Set([
  'resident.create',
  'resident.update',
  'household.create',
  'household.update',
  'record.create',
  'record.update',
  'review.propose',
]);

/** Bookkeeping fields that change with every write and say nothing about what the keeper changed. */
const IGNORED = new Set(['updatedAt', 'createdAt', 'namePinyin', 'nameInitials', 'version']);

type Values = Record<string, unknown> | null | undefined;

/** The fields whose values differ between two snapshots (a field only one side has counts when it holds a value). */
export function changedFields(before: Values, after: Values): string[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  return [...keys]
    .filter((k) => !IGNORED.has(k))
    .filter((k) => !(empty(b[k]) && empty(a[k])) && canonicalJson(b[k] ?? null) !== canonicalJson(a[k] ?? null))
    .sort();
}

/**
 * What an audit view shows of an entry's details: for a register change written before values
 * moved out of the trail, the before/after snapshots become the list of changed fields.
 */
export function redactAuditDetails(action: string, details: Record<string, unknown>): Record<string, unknown> {
  if (!VALUE_ACTIONS.has(action) || !('before' in details || 'after' in details)) return details;
  const { before, after, ...rest } = details;
  return { ...rest, changed: changedFields(before as Values, after as Values) };
}

/** The same for an entry whose details are stored as JSON text (as audit rows carry them). */
export function redactAuditJson(action: string, details: string): string {
  if (!VALUE_ACTIONS.has(action)) return details;
  try {
    return canonicalJson(redactAuditDetails(action, JSON.parse(details) as Record<string, unknown>));
  } catch {
    return details;
  }
}

/** Search text as the auditor may match it: the same text typed differently gives the same fingerprint. */
export function normaliseSearchText(q: string): string {
  return q.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * 查阅事由: a look-up clerk must say why they open a person's details or a record's file; other roles
 * may (it is recorded either way).
 */
export function purposeMissing(role: string, purpose: string | null | undefined): boolean {
  return role === 'clerk' && !purpose?.trim();
}
