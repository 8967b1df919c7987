/** Who does something, as services record it in the audit trail and the change history. */
export type Actor = { username: string };
