/** The points where test/helpers/destruction-child.ts stops, in the order an execution passes them. */
export const STEPS = [
  /** The register PDF is made; the execution's transaction has not started. */
  'before-transaction',
  /** Inside the transaction: 3 of the 6 records tombstoned, keys deleted, audited. */
  'mid-transaction',
  /** Inside the transaction: every statement done (the batch marked executed), not yet committed. */
  'before-commit',
  /** The transaction has committed; no ciphertext file removed yet. */
  'after-commit',
  /** 3 of the 6 ciphertext files removed. */
  'mid-shred',
  /** Every ciphertext file removed; the shred queue not yet cleared. */
  'before-queue-cleared',
] as const;
export type Step = (typeof STEPS)[number];

export interface Marker {
  step: Step | 'none';
  /** Steps passed so far, in order (for 'none': all of them). */
  passed: Step[];
  recordsAudited: number;
  filesRemoved: number;
  pid: number;
}
