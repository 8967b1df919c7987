import { Foundation1700000000001 } from './0001-foundation';

/** Numbered, append-only list. Never edit a shipped migration; add the next one. */
export const MIGRATIONS = [Foundation1700000000001];
export const KNOWN_MIGRATION_NAMES = new Set(MIGRATIONS.map((m) => new m().name));
