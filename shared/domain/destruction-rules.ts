/**
 * Destruction eligibility (domain.md, Destruction): which records may go into a destruction
 * register on a given day, with every reason they may not, and the administrator override.
 * Pure, shared with the renderer; the retention arithmetic comes from retention.ts.
 */
import type { Carrier, RecordStatus } from './archive-types';
import { clockStartYear, isDue, isHeld, termYears, type Bilingual, type IsoDate, type RetentionState } from './retention';

/**
 * Why a record cannot go into a destruction register. Only "not yet due" (including a clock still
 * waiting for its event) may be overridden by an administrator with a reason: a record on loan is
 * physically elsewhere, a hold must first be released through its own accountable step, a
 * permanent record must first be re-appraised, and a destroyed one is gone.
 */
export const DESTRUCTION_REFUSALS = {
  ON_LOAN: { zh: '该档案已借出，须归还后才能销毁。', en: 'The record is on loan; it must be returned before destruction.', overridable: false },
  ON_HOLD: { zh: '该档案已冻结，须先解除冻结。', en: 'The record is on hold; release the hold first.', overridable: false },
  PERMANENT: { zh: '永久档案不能销毁。', en: 'A permanent record cannot be destroyed.', overridable: false },
  ALREADY_DESTROYED: { zh: '该档案已销毁。', en: 'The record has already been destroyed.', overridable: false },
  NOT_DUE: { zh: '该档案保管期限未满。', en: 'The record is not yet due for destruction.', overridable: true },
  AWAITING_EVENT: {
    zh: '该档案的起算事件尚未发生，保管期限未开始计算。',
    en: "The record's clock has not started: its event has not happened.",
    overridable: true,
  },
  OVERRIDE_REASON_REQUIRED: { zh: '管理员提前销毁须填写理由。', en: 'An administrator override needs a reason.', overridable: false },
} as const satisfies Record<string, Bilingual & { overridable: boolean }>;
export type DestructionRefusalCode = keyof typeof DESTRUCTION_REFUSALS;

export interface DestructionRefusal {
  code: DestructionRefusalCode;
  zh: string;
  en: string;
  overridable: boolean;
}

export interface DestructionCandidate {
  status: RecordStatus;
  carrier: Carrier;
  retention: RetentionState;
  /** An unreturned loan slip exists (the status column may lag behind the slip). */
  activeLoan?: boolean;
}

/** An administrator's override; the caller has checked the role and audits the reason. */
export interface DestructionOverride {
  by: string;
  reason: string;
}

export type DestructionCheck =
  | {
      ok: true;
      /** The refusals the override set aside, for the audit entry. */
      overridden: DestructionRefusal[];
      /** Paper to shred/pulp/burn, and/or file keys to destroy. */
      physical: boolean;
      electronic: boolean;
    }
  | { ok: false; refusals: DestructionRefusal[] };

function refusal(code: DestructionRefusalCode): DestructionRefusal {
  return { code, ...DESTRUCTION_REFUSALS[code] };
}

/** Whether a record may be destroyed on `at`; every reason is returned, not just the first. */
export function checkDestruction(c: DestructionCandidate, at: IsoDate, override?: DestructionOverride): DestructionCheck {
  const found: DestructionRefusal[] = [];
  if (c.status === 'destroyed') found.push(refusal('ALREADY_DESTROYED'));
  if (c.status === 'on_loan' || c.activeLoan) found.push(refusal('ON_LOAN'));
  if (c.status === 'on_hold' || isHeld(c.retention, at)) found.push(refusal('ON_HOLD'));
  if (termYears(c.retention.term) === null) found.push(refusal('PERMANENT'));
  else if (clockStartYear(c.retention) === null) found.push(refusal('AWAITING_EVENT'));
  else if (!isDue(c.retention, at)) found.push(refusal('NOT_DUE'));

  const overridable = found.filter((r) => r.overridable);
  // An override is only looked at when something overridable stands in the way; a blank reason
  // is refused because the reason is what the audit trail keeps.
  if (overridable.length && override && !override.reason.trim()) found.push(refusal('OVERRIDE_REASON_REQUIRED'));
  const blocked = found.some((r) => !r.overridable) || (overridable.length > 0 && !override);
  if (blocked) return { ok: false, refusals: found };
  return {
    ok: true,
    overridden: overridable,
    physical: c.carrier !== 'electronic',
    electronic: c.carrier !== 'paper',
  };
}
