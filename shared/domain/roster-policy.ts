import { isAllowed } from '../permissions';
import type { Role } from '../roles';

/**
 * What the residents roster (花名册) lets each role filter, see and change. Decided for 最少披露:
 *
 * - 残疾, 低保 and health are sensitive personal information (domain.md). A filter on them answers
 *   "who is disabled / on 低保" even when the column is hidden (the count alone says it), so only
 *   roles that read residents' full records (keepers, administrators) may filter or sort on them;
 *   a look-up clerk asking is refused, and the refusal is audited like any other.
 * - 党员 (political status) is not a special category in domain.md and is printed on 党员户 covers:
 *   every role that reads the register may filter on it.
 * - A clerk never sees a discreet household's members in the roster without a live approved
 *   look-up of that household (shield.ts), whatever the filter: counts leave them out too.
 */
export const SENSITIVE_ROSTER_FILTERS = ['disabled', 'subsistence', 'health'] as const;
export type SensitiveRosterFilter = (typeof SENSITIVE_ROSTER_FILTERS)[number];

/** May this role filter (and see the columns) on 残疾 / 低保 / health? */
export function mayUseSensitiveFacts(role: Role | undefined): boolean {
  return isAllowed(role, 'review.approve');
}

/** The sensitive filters a request uses, to refuse them for a role that may not (empty: none used). */
export function sensitiveFiltersUsed(f: Partial<Record<SensitiveRosterFilter, unknown>>): SensitiveRosterFilter[] {
  return SENSITIVE_ROSTER_FILTERS.filter((k) => f[k] !== undefined && f[k] !== null && f[k] !== '');
}

/**
 * Batch edits change many people at once, so they take four eyes: a keeper's batch always waits in
 * 待审核 for another keeper or an administrator; an administrator's applies at once unless they
 * ask for review themselves.
 */
export function batchNeedsReview(role: Role, asked: boolean | undefined): boolean {
  return role !== 'admin' || !!asked;
}

/** The stored values that mean "no" in the free-text 残疾 field (the rest name a disability). */
export const NO_DISABILITY = ['', '无', '否', '没有', '健全', '正常'] as const;
/** 低保 values of the register's vocabulary (coded-vocab.ts) that mean the resident receives it. */
export const SUBSISTENCE_YES = ['城市低保', '农村低保', '是'] as const;
/** Political statuses counted as 党员 (CPC members, probationary included). */
export const PARTY_MEMBER = ['中共党员', '中共预备党员'] as const;

/** The same tests in JS (for the brute-force checks and the renderer). */
export const residentFacts = {
  partyMember: (politicalStatus: string | null) => (PARTY_MEMBER as readonly string[]).includes(politicalStatus ?? ''),
  disabled: (disability: string | null) => !(NO_DISABILITY as readonly string[]).includes((disability ?? '').trim()),
  subsistence: (subsistence: string | null, specialCategories: string[]) =>
    (SUBSISTENCE_YES as readonly string[]).includes(subsistence ?? '') || specialCategories.includes('subsistence'),
};
