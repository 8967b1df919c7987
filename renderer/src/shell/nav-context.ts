import { createContext, useContext } from 'react';

/**
 * Lets a page send the user to another side-navigation entry (the home tiles do). AppShell
 * provides it; `canGo` tells whether the current role has that entry, so a tile the role cannot
 * open is shown without a link instead of leading nowhere.
 */
export interface NavCtx {
  /** Opens a page; `tab` names the tab it should open on (the 逾期未还 tile opens 借阅 on 逾期). */
  go: (key: string, tab?: string) => void;
  canGo: (key: string) => boolean;
  /** The tab the last go() asked the current page to open on, if any. */
  tab?: string;
}

export const NavContext = createContext<NavCtx>({ go: () => undefined, canGo: () => false });

export function useNav(): NavCtx {
  return useContext(NavContext);
}
