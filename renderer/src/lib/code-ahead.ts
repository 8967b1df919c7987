/**
 * The code behind sign-in (the shell with its pages, and the home page's charts: ≈ 2 MB of script),
 * fetched, compiled and run while the sign-in or lock screen waits for the keeper — typing, then the
 * server checking the password. Loaded only after sign-in, it ran in the keeper's first clicks: the
 * charts module alone took ≈ 55 ms of the first 住户 visit. One import per chunk: React.lazy and
 * this read-ahead share the same promise.
 */
let shell: Promise<typeof import('../shell/AppShell')> | null = null;
let charts: Promise<typeof import('../pages/home/DashboardCharts')> | null = null;

/** A load that failed (an office PC that lost the server) is tried again by the next caller. */
const again = <T>(p: Promise<T>, forget: () => void) => p.catch((e: unknown) => (forget(), Promise.reject(e)));

export const loadShell = () => (shell ??= again(import('../shell/AppShell'), () => (shell = null)));
export const loadDashboardCharts = () => (charts ??= again(import('../pages/home/DashboardCharts'), () => (charts = null)));

/** Starts both loads when the browser is next idle; returns what cancels a load not yet started. */
export function readCodeAhead(): () => void {
  // A failure here is met again, and shown, where the code is needed (React.lazy).
  const id = requestIdleCallback(
    () =>
      void loadShell()
        .then(loadDashboardCharts)
        .catch(() => undefined),
    { timeout: 2000 },
  );
  return () => cancelIdleCallback(id);
}
