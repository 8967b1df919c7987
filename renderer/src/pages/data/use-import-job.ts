import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJob } from '../../../../shared/contract/data.contract';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../lib/api';

const POLL_MS = 300;

/**
 * A committed import runs as a job on the Node side; this polls it until it leaves 'running'.
 * Polling stops when the page unmounts — the job itself goes on, the Node side owns it.
 */
export function useImportJob() {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);

  const poll = useCallback(async (jobId: string) => {
    const r = await api.importer.job({ jobId });
    if (!r.ok) return void setError(r.error);
    setJob(r.value);
    if (r.value.state === 'running') timer.current = setTimeout(() => void poll(jobId), POLL_MS);
  }, []);

  /** skipRejected: import the rows without problems and leave the others out; basicRecords: as chosen for the dry run. */
  const start = useCallback(
    async (fileName: string, dataBase64: string, skipRejected = false, basicRecords = false) => {
      stop();
      setError(null);
      setJob(null);
      const r = await api.importer.start({ fileName, dataBase64, ...(skipRejected ? { skipRejected } : {}), ...(basicRecords ? { basicRecords } : {}) });
      if (!r.ok) return void setError(r.error);
      await poll(r.value.jobId);
    },
    [poll],
  );

  const cancel = useCallback(async () => {
    if (!job) return;
    const r = await api.importer.cancel({ jobId: job.jobId });
    if (!r.ok) setError(r.error);
    // The next poll reports 'cancelled' once the transaction has rolled back.
  }, [job]);

  const reset = useCallback(() => {
    stop();
    setJob(null);
    setError(null);
  }, []);

  return { job, error, start, cancel, reset };
}
