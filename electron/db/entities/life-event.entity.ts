import { EntitySchema } from 'typeorm';

/** One life event (迁入, 迁出, 死亡注销, 调户, 设为户主, 分户, 合户): never updated, undone by a counter-event. */
export interface LifeEventRecord {
  id: string;
  /** Order of recording: a timeline sorts by it when two events share a day. */
  seq: number;
  kind: string;
  occurredOn: string; // YYYY-MM-DD
  recordedAt: string;
  recordedBy: string;
  details: string; // JSON: what the keeper entered
  beforeValues: string; // JSON: { residents: {id: state}, households: {id: state} }
  afterValues: string;
  counterOf: string | null;
  proposedBy: string | null;
}

export const LifeEventEntity = new EntitySchema<LifeEventRecord>({
  name: 'LifeEvent',
  tableName: 'life_events',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    seq: { type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    occurredOn: { name: 'occurred_on', type: 'varchar', length: 10 },
    recordedAt: { name: 'recorded_at', type: 'varchar', length: 32 },
    recordedBy: { name: 'recorded_by', type: 'varchar', length: 32 },
    details: { type: 'text' },
    beforeValues: { name: 'before_values', type: 'text' },
    afterValues: { name: 'after_values', type: 'text' },
    counterOf: { name: 'counter_of', type: 'varchar', length: 36, nullable: true },
    proposedBy: { name: 'proposed_by', type: 'varchar', length: 32, nullable: true },
  },
});

/** Which residents and households an event touched ("resident:<id>", "household:<id>"): the timelines' index. */
export interface LifeEventLinkRecord {
  eventId: string;
  subject: string;
}

export const LifeEventLinkEntity = new EntitySchema<LifeEventLinkRecord>({
  name: 'LifeEventLink',
  tableName: 'life_event_links',
  columns: {
    eventId: { name: 'event_id', type: 'varchar', length: 36, primary: true },
    subject: { type: 'varchar', length: 80, primary: true },
  },
});
