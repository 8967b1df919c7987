import { z } from 'zod';
import { channel } from './channel';
import { DisplayName, Empty, Id, NewPassword, NewUsername, Ok, passwordFits, RoleSchema } from './common';

export const UserRow = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type UserRow = z.infer<typeof UserRow>;

/** After a change that ends or narrows someone's access: was the vault key renewed? Told as it is. */
export const RekeyOutcome = z.object({ done: z.boolean(), zh: z.string(), en: z.string() });
export type RekeyOutcome = z.infer<typeof RekeyOutcome>;
/** `notice`: what the administrator must do next (an enabled user whose keys went with the disable). */
const ChangedUser = UserRow.extend({ rekey: RekeyOutcome.optional(), notice: z.object({ zh: z.string(), en: z.string() }).optional() });

export const StaffRow = z.object({ id: z.string(), displayName: z.string(), role: RoleSchema });

export const usersContract = {
  /** Active colleagues for pickers (borrower, approver, supervisor): names and roles only. */
  staff: channel({ req: Empty, res: z.array(StaffRow), access: 'staff.read' }),
  list: channel({ req: Empty, res: z.array(UserRow), access: 'users.read' }),
  create: channel({
    req: z
      .object({ username: NewUsername, displayName: DisplayName, role: RoleSchema, password: NewPassword })
      .superRefine(passwordFits('password', (v) => ({ username: v.username }))),
    res: UserRow,
    access: 'users.manage',
  }),
  /** Disabling re-keys the vault (see `rekey`); the outcome comes back with the row. */
  setActive: channel({ req: z.object({ id: Id, active: z.boolean() }), res: ChangedUser, access: 'users.manage' }),
  /** Sets a temporary password the user must change at next sign-in. */
  resetPassword: channel({ req: z.object({ id: Id, password: NewPassword }), res: Ok, access: 'users.manage' }),
  setRole: channel({ req: z.object({ id: Id, role: RoleSchema }), res: ChangedUser, access: 'users.manage' }),
  /** A new vault key now (after a failed automatic one, or whenever an administrator wants one). */
  rekey: channel({ req: Empty, res: RekeyOutcome, access: 'users.manage' }),
};
