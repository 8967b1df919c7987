import { createContext, useContext } from 'react';
import type { AuthStatus } from '../../../shared/contract/auth.contract';

export interface SessionCtx {
  status: AuthStatus;
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionCtx | null>(null);

export function useSession(): SessionCtx {
  const c = useContext(SessionContext);
  if (!c) throw new Error('SessionContext missing');
  return c;
}
