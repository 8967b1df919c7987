import { useEffect } from 'react';
import { api } from './api';

/** Tells the Node side the user is active (at most every 30 s); it alone decides when to lock. */
export function useActivityPing(active: boolean, onLocked: () => void): void {
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const ping = () => {
      const now = Date.now();
      if (now - last < 30_000) return;
      last = now;
      void api.auth.touch({}).then((r) => {
        if (!r.ok && (r.error.code === 'LOCKED' || r.error.code === 'UNAUTHENTICATED')) onLocked();
      });
    };
    const events = ['mousedown', 'keydown', 'wheel', 'touchstart'] as const;
    events.forEach((e) => window.addEventListener(e, ping, { passive: true }));
    return () => events.forEach((e) => window.removeEventListener(e, ping));
  }, [active, onLocked]);
}
