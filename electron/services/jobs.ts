import { randomUUID } from 'node:crypto';
import { AppError, type AppErrorShape } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView<T> {
  id: string;
  state: JobState;
  done: number;
  total: number;
  error: AppErrorShape | null;
  result: T | null;
}

interface Job<T> extends JobView<T> {
  owner: string;
  controller: AbortController;
}

/**
 * Long work (batch printing, imports) runs as a job: the caller gets an id at once, polls
 * progress, and may cancel. Jobs live in memory for their owner only; finished ones are dropped
 * after a while so results (which may hold personal data) do not linger.
 */
export class JobRunner<T> {
  private readonly jobs = new Map<string, Job<T>>();

  start(owner: string, total: number, work: (ctl: { signal: AbortSignal; progress: (done: number, total?: number) => void }) => Promise<T>): JobView<T> {
    const job: Job<T> = { id: randomUUID(), owner, state: 'running', done: 0, total, error: null, result: null, controller: new AbortController() };
    this.jobs.set(job.id, job);
    const progress = (done: number, t?: number) => {
      job.done = done;
      if (t !== undefined) job.total = t;
    };
    void work({ signal: job.controller.signal, progress })
      .then(
        (r) => {
          job.result = r;
          job.state = job.controller.signal.aborted ? 'cancelled' : 'done';
        },
        (e: unknown) => {
          if (job.controller.signal.aborted) job.state = 'cancelled';
          else {
            job.state = 'failed';
            job.error = e instanceof AppError ? e.toShape() : new AppError('INTERNAL').toShape();
          }
        },
      )
      .finally(() => setTimeout(() => this.jobs.delete(job.id), 10 * 60_000).unref?.());
    return view(job);
  }

  get(owner: string, id: string): JobView<T> {
    const j = this.jobs.get(id);
    if (!j || j.owner !== owner) throw new AppError('NOT_FOUND', ERR.jobs.notFoundMaybeExpired);
    return view(j);
  }

  /** The result is handed out once, then forgotten. */
  take(owner: string, id: string): JobView<T> {
    const v = this.get(owner, id);
    if (v.state !== 'running') this.jobs.delete(id);
    return v;
  }

  cancel(owner: string, id: string): JobView<T> {
    const j = this.jobs.get(id);
    if (!j || j.owner !== owner) throw new AppError('NOT_FOUND', ERR.jobs.notFound);
    j.controller.abort();
    if (j.state === 'running') j.state = 'cancelled';
    return view(j);
  }
}

function view<T>(j: Job<T>): JobView<T> {
  return { id: j.id, state: j.state, done: j.done, total: j.total, error: j.error, result: j.result };
}
