import { useSyncExternalStore } from 'react';

/**
 * Whether the last call reached the Archive Room service (web transports only: Electron's IPC
 * cannot go away). A failed fetch marks it offline; the next answer of any kind marks it online.
 * Screens stay as they are meanwhile — an open form keeps what was typed and can be saved again.
 */
let online = true;
const subscribers = new Set<() => void>();

export function markConnection(ok: boolean): void {
  if (ok === online) return;
  online = ok;
  subscribers.forEach((f) => f());
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (f) => {
      subscribers.add(f);
      return () => subscribers.delete(f);
    },
    () => online,
  );
}
