import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';
import type { PdfOut } from './use-direct-print';

type Scope = { kind: 'records'; ids: string[] } | { kind: 'building' | 'grid'; id: string };
type Options = Parameters<typeof api.print.startCovers>[0]['options'];
export interface JobProgress {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
}

const POLL_MS = 300;

/**
 * A batch of covers runs as a job on the Node side: start, poll every 300 ms, cancel. A finished
 * job hands its PDF over once and is forgotten, so polls never overlap (a timeout chain, not an
 * interval) and the PDF goes straight to onDone.
 */
export function useCoverJob(onDone: (pdf: PdfOut) => void) {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const jobId = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const done = useRef(onDone);
  done.current = onDone;

  const poll = useCallback(async (id: string) => {
    if (jobId.current !== id) return;
    const r = await api.print.job({ id });
    if (jobId.current !== id) return; // cancelled or replaced while the request was out
    if (!r.ok) {
      jobId.current = null;
      setProgress((p) => (p ? { ...p, state: 'failed' } : p));
      return setError(r.error);
    }
    const j = r.value;
    setProgress({ state: j.state, done: j.done, total: j.total });
    if (j.state === 'running') {
      timer.current = setTimeout(() => void poll(id), POLL_MS);
      return;
    }
    jobId.current = null;
    if (j.state === 'failed' && j.error) setError(j.error as AppErrorShape);
    if (j.state === 'done' && j.pdf) done.current(j.pdf);
  }, []);

  const start = useCallback(
    async (scope: Scope, options: Options): Promise<void> => {
      setError(null);
      setProgress({ state: 'running', done: 0, total: 0 });
      const r = await api.print.startCovers({ scope, options });
      if (!r.ok) {
        setProgress(null);
        return setError(r.error);
      }
      jobId.current = r.value.id;
      setProgress({ state: r.value.state, done: r.value.done, total: r.value.total });
      void poll(r.value.id);
    },
    [poll],
  );

  const cancel = useCallback(async () => {
    const id = jobId.current;
    if (!id) return;
    jobId.current = null;
    clearTimeout(timer.current);
    const r = await api.print.cancel({ id });
    setProgress((p) => (p ? { ...p, state: 'cancelled', done: r.ok ? r.value.done : p.done } : p));
  }, []);

  // Leaving the page mid-batch cancels it, so no finished PDF waits on the Node side for nobody.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (jobId.current) void api.print.cancel({ id: jobId.current });
    },
    [],
  );

  return { progress, error, start, cancel };
}
