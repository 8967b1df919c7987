import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ArchiveRecordEntity } from '../db/entities/record.entity';
import type { RetentionClass } from '../../shared/domain/archive-types';
import type { ClockEvent, Hold, RetentionState, RetentionTerm } from '../../shared/domain/retention';

/** The archive_records columns retention needs (snake_case, as the raw selects alias them). */
export interface RetentionColumns {
  retention_class: string;
  retention_years: number | null;
  year: number;
  clock_event: string | null;
  clock_event_on: string | null;
  next_appraisal: string | null;
  disposition: string | null;
  transfer_to: string | null;
}

/** Adds the retention columns of archive_records alias `a`, in the snake_case shape above. */
export function selectRetention<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb
    .addSelect('a.retentionClass', 'retention_class')
    .addSelect('a.retentionYears', 'retention_years')
    .addSelect('a.year', 'year')
    .addSelect('a.clockEvent', 'clock_event')
    .addSelect('a.clockEventOn', 'clock_event_on')
    .addSelect('a.nextAppraisal', 'next_appraisal')
    .addSelect('a.disposition', 'disposition')
    .addSelect('a.transferTo', 'transfer_to');
}

/** A record's retention columns (and its status) by QueryBuilder, in the snake_case shape above. */
export async function readRetention(m: EntityManager, recordId: string): Promise<(RetentionColumns & { status: string }) | undefined> {
  return selectRetention(m.createQueryBuilder(ArchiveRecordEntity, 'a').select('a.status', 'status'))
    .where('a.id = :recordId', { recordId })
    .getRawOne<RetentionColumns & { status: string }>();
}

export function termOf(cls: string, years: number | null): RetentionTerm {
  return cls === 'CUSTOM' ? { cls: 'CUSTOM', years: years ?? 0 } : { cls: cls as Exclude<RetentionClass, 'CUSTOM'> };
}

export function termText(t: RetentionTerm): string {
  return t.cls === 'CUSTOM' ? `${t.years}年` : t.cls;
}

/** One row (plus its holds) → the pure rules' view of it. */
export function stateOf(r: RetentionColumns, holds: Hold[] = []): RetentionState {
  return {
    term: termOf(r.retention_class, r.retention_years),
    year: Number(r.year),
    clock: r.clock_event ? { event: r.clock_event as ClockEvent, on: r.clock_event_on ?? undefined } : undefined,
    holds,
    nextAppraisal: r.next_appraisal ?? undefined,
    disposition: (r.disposition as 'destroy' | 'transfer' | null) ?? undefined,
    transferTo: r.transfer_to ?? undefined,
  };
}

/** State → the columns to write back after an appraisal decision. */
export function columnsOf(s: RetentionState): Omit<RetentionColumns, 'year'> {
  return {
    retention_class: s.term.cls,
    retention_years: s.term.cls === 'CUSTOM' ? s.term.years : null,
    clock_event: s.clock?.event ?? null,
    clock_event_on: s.clock?.on ?? null,
    next_appraisal: s.nextAppraisal ?? null,
    disposition: s.disposition ?? null,
    transfer_to: s.transferTo ?? null,
  };
}
