/**
 * Who may do which step of a destruction (domain.md, Destruction — procedure): the proposer,
 * the approving administrator and the two supervisors (监销人) are four different people, and a
 * supervisor confirms with a password of their own — not one an administrator set for them,
 * or one administrator could create two witnesses and confirm both. Pure; table-tested.
 */
import type { Bilingual } from './retention';

export const PROCEDURE_REFUSALS = {
  APPROVER_IS_PROPOSER: { zh: '审批人须是提出人以外的另一位管理员。', en: 'The approver must be an administrator other than the proposer.' },
  SUPERVISOR_IS_PROPOSER: { zh: '提出人不能担任监销人。', en: 'The proposer cannot be a supervisor.' },
  SUPERVISOR_IS_APPROVER: { zh: '审批人不能担任监销人。', en: 'The approver cannot be a supervisor.' },
  SUPERVISOR_TWICE: { zh: '该监销人已确认，须由另一人担任第二名监销人。', en: 'This supervisor has already confirmed; the second must be someone else.' },
  SUPERVISOR_DISABLED: { zh: '该账户已停用，不能担任监销人。', en: 'This account is disabled and cannot supervise.' },
  SUPERVISOR_TEMPORARY_PASSWORD: {
    zh: '该监销人仍在使用管理员设置的临时密码，须本人先登录并修改为自己的密码，才能担任监销人。',
    en: 'This supervisor still has a temporary password set by an administrator; they must sign in and set their own first.',
  },
  TOO_FEW_SUPERVISORS: { zh: '至少须两名监销人确认。', en: 'At least two supervisors must confirm.' },
} as const satisfies Record<string, Bilingual>;
export type ProcedureRefusalCode = keyof typeof PROCEDURE_REFUSALS;
export type ProcedureRefusal = Bilingual & { code: ProcedureRefusalCode };

function no(code: ProcedureRefusalCode): ProcedureRefusal {
  return { code, ...PROCEDURE_REFUSALS[code] };
}

/** User names are unique per archive; compared as typed at sign-in (trimmed, case folded). */
function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function checkApprover(approver: string, proposer: string): ProcedureRefusal | null {
  return same(approver, proposer) ? no('APPROVER_IS_PROPOSER') : null;
}

export interface SupervisorCandidate {
  username: string;
  active: boolean;
  /** Still on the temporary password an administrator set (new user or reset). */
  mustChangePassword: boolean;
}

/** Every reason this person may not confirm as a supervisor of this register now. */
export function checkSupervisor(c: SupervisorCandidate, r: { proposer: string; approver: string | null; confirmed: readonly string[] }): ProcedureRefusal[] {
  const out: ProcedureRefusal[] = [];
  if (!c.active) out.push(no('SUPERVISOR_DISABLED'));
  if (c.mustChangePassword) out.push(no('SUPERVISOR_TEMPORARY_PASSWORD'));
  if (same(c.username, r.proposer)) out.push(no('SUPERVISOR_IS_PROPOSER'));
  if (same(c.username, r.approver)) out.push(no('SUPERVISOR_IS_APPROVER'));
  if (r.confirmed.some((s) => same(s, c.username))) out.push(no('SUPERVISOR_TWICE'));
  return out;
}

/**
 * Checked again at execution, whatever the stored sign-offs say: at least two supervisors, and
 * proposer, approver and supervisors all different people.
 */
export function checkExecutionParties(r: { proposer: string; approver: string; supervisors: readonly string[] }): ProcedureRefusal[] {
  const out: ProcedureRefusal[] = [];
  const distinct = new Set(r.supervisors.map((s) => s.trim().toLowerCase()));
  if (distinct.size < 2) out.push(no('TOO_FEW_SUPERVISORS'));
  const approver = checkApprover(r.approver, r.proposer);
  if (approver) out.push(approver);
  if (r.supervisors.some((s) => same(s, r.proposer))) out.push(no('SUPERVISOR_IS_PROPOSER'));
  if (r.supervisors.some((s) => same(s, r.approver))) out.push(no('SUPERVISOR_IS_APPROVER'));
  if (distinct.size < r.supervisors.length) out.push(no('SUPERVISOR_TWICE'));
  return out;
}

/** Several refusals as one bilingual sentence for an error message and the audit entry. */
export function joinRefusals(rs: readonly Bilingual[]): Bilingual {
  return { zh: rs.map((r) => r.zh).join(' '), en: rs.map((r) => r.en).join(' ') };
}
