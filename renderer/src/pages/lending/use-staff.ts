import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { StaffRow } from '../../../../shared/contract/users.contract';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session-context';

export interface StaffOption {
  id: string;
  name: string;
  role: string;
}

/** Active colleagues for the borrower and approver pickers (users.staff: names and roles only). */
export function useStaff(): { staff: StaffOption[]; approvers: StaffOption[]; limited: boolean } {
  const { status } = useSession();
  const me = status.session!;
  const [users, setUsers] = useState<z.infer<typeof StaffRow>[] | null>(null);

  useEffect(() => {
    let live = true;
    void api.users.staff({}).then((r) => {
      if (live) setUsers(r.ok ? r.value : null);
    });
    return () => {
      live = false;
    };
  }, []);

  const self: StaffOption = { id: me.userId, name: me.displayName, role: me.role };
  const staff = users ? users.map((u) => ({ id: u.id, name: u.displayName, role: u.role })) : [self];
  // The service accepts only active administrators and keepers as approvers.
  const approvers = staff.filter((u) => u.role === 'admin' || u.role === 'keeper');
  return { staff, approvers, limited: users === null };
}
