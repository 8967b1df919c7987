import { useEffect, useRef } from 'react';

/**
 * Office server only (the page came over https): the server sends `change` events naming an
 * area after any write there, from any PC; screens that show that area reload through the
 * ordinary channels. Electron and the loopback web host have one user per archive and no stream.
 */
export const isOfficeClient = typeof location !== 'undefined' && location.protocol === 'https:' && !window.archive;

const listeners = new Map<string, Set<() => void>>();
let source: EventSource | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;
let missed = false;

function subscribed(): boolean {
  return [...listeners.values()].some((s) => s.size > 0);
}

function notify(area?: string): void {
  const sets = area ? [listeners.get(area)] : [...listeners.values()];
  const fns = new Set<() => void>();
  for (const s of sets) s?.forEach((f) => fns.add(f));
  fns.forEach((f) => f());
}

function connect(): void {
  if (source || !isOfficeClient || !subscribed()) return;
  const es = new EventSource('/events');
  source = es;
  es.addEventListener('open', () => {
    // Changes made while the stream was down are not replayed: reload what is shown once.
    if (missed) notify();
    missed = false;
  });
  es.addEventListener('change', (ev) => {
    try {
      const { area } = JSON.parse((ev as MessageEvent<string>).data) as { area?: string };
      if (typeof area === 'string') notify(area);
    } catch {
      /* not ours */
    }
  });
  // Refused (signed out, locked) or cut: try again shortly while a screen still listens.
  es.addEventListener('error', () => {
    es.close();
    source = null;
    missed = true;
    clearTimeout(retry);
    retry = setTimeout(connect, 1500);
  });
}

/** Calls `onChange` whenever another client (or this one) changes one of `areas` on the office server. */
export function useAreaChanges(areas: readonly string[], onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = areas.join(',');
  useEffect(() => {
    if (!isOfficeClient) return;
    const fn = () => latest.current();
    const names = key.split(',');
    for (const a of names) {
      if (!listeners.has(a)) listeners.set(a, new Set());
      listeners.get(a)!.add(fn);
    }
    connect();
    return () => {
      for (const a of names) listeners.get(a)?.delete(fn);
      if (!subscribed()) {
        source?.close();
        source = null;
        clearTimeout(retry);
      }
    };
  }, [key]);
}
