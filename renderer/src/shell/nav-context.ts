import { createContext, useContext } from 'react';

/**
 * Lets a page send the user to another side-navigation entry (the home tiles do). AppShell
 * provides it; `canGo` tells whether the current role has that entry, so a tile the role cannot
 * open is shown without a link instead of leading nowhere.
 */
export interface NavCtx {
  go: (key: string) => void;
  canGo: (key: string) => boolean;
}

export const NavContext = createContext<NavCtx>({ go: () => undefined, canGo: () => false });

export function useNav(): NavCtx {
  return useContext(NavContext);
}
