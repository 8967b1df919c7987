import { randomUUID } from 'node:crypto';
import { AppError, type AppErrorShape } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { internalError } from '../core/internal-log';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView<T> {
  id: string;
  state: JobState;
  done: number;
  total: number;
  error: AppErrorShape | null;
  result: T | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Job<T> extends JobView<T> {
  owner: string;
  controller: AbortController;
  settled: Promise<void>;
}

export interface JobRunnerOptions<T> {
  /** Where unexpected errors are logged from (the log gets an id and the error's kind only). */
  where?: string;
  /** The archive's clock, for startedAt/finishedAt. */
  now?: () => string;
  /**
   * 'at-once' (print): a cancelled job reads cancelled as soon as asked. 'when-stopped' (import):
   * it stays running until its work has stopped (a transaction rolled back), then reads cancelled.
   */
  cancel?: 'at-once' | 'when-stopped';
  /** A failure that still has something to show (an import refused with its report). */
  resultOfError?: (e: unknown) => T | null;
}

/**
 * Long work (batch printing, imports) runs as a job: the caller gets an id at once, polls
 * progress, and may cancel. Jobs live in memory for their owner only (another user's id reads as
 * "no such job"); finished ones are dropped after a while so results (which may hold personal
 * data) do not linger.
 */
export class JobRunner<T> {
  private readonly jobs = new Map<string, Job<T>>();

  constructor(private readonly opts: JobRunnerOptions<T> = {}) {}

  private now(): string {
    return this.opts.now ? this.opts.now() : new Date().toISOString();
  }

  start(owner: string, total: number, work: (ctl: { signal: AbortSignal; progress: (done: number, total?: number) => void }) => Promise<T>): JobView<T> {
    const job: Job<T> = {
      id: randomUUID(),
      owner,
      state: 'running',
      done: 0,
      total,
      error: null,
      result: null,
      startedAt: this.now(),
      finishedAt: null,
      controller: new AbortController(),
      settled: Promise.resolve(),
    };
    this.jobs.set(job.id, job);
    const progress = (done: number, t?: number) => {
      job.done = done;
      if (t !== undefined) job.total = t;
    };
    job.settled = work({ signal: job.controller.signal, progress })
      .then(
        (r) => {
          job.result = r;
          // 'when-stopped': work that finished despite a late cancel did its writes; it says so.
          job.state = job.controller.signal.aborted && this.opts.cancel !== 'when-stopped' ? 'cancelled' : 'done';
        },
        (e: unknown) => {
          if (job.controller.signal.aborted) job.state = 'cancelled';
          else {
            job.state = 'failed';
            job.result = this.opts.resultOfError?.(e) ?? null;
            job.error = (e instanceof AppError ? e : internalError(this.opts.where ?? 'job', e)).toShape();
          }
        },
      )
      .finally(() => {
        job.finishedAt = this.now();
        setTimeout(() => this.jobs.delete(job.id), 10 * 60_000).unref?.();
      });
    return view(job);
  }

  /** Is any job still running (whoever owns it)? */
  anyRunning(): boolean {
    return [...this.jobs.values()].some((j) => j.state === 'running');
  }

  get(owner: string, id: string): JobView<T> {
    return view(this.owned(owner, id, ERR.jobs.notFoundMaybeExpired));
  }

  /** The result is handed out once, then forgotten. */
  take(owner: string, id: string): JobView<T> {
    const v = this.get(owner, id);
    if (v.state !== 'running') this.jobs.delete(id);
    return v;
  }

  cancel(owner: string, id: string): JobView<T> {
    const j = this.owned(owner, id, ERR.jobs.notFound);
    j.controller.abort();
    if (j.state === 'running' && this.opts.cancel !== 'when-stopped') j.state = 'cancelled';
    return view(j);
  }

  /** For tests and in-process callers: resolves when the job has finished, whatever the outcome. */
  async wait(id: string): Promise<JobView<T>> {
    const j = this.jobs.get(id);
    if (!j) throw new AppError('NOT_FOUND', ERR.jobs.notFound);
    await j.settled;
    return view(j);
  }

  private owned(owner: string, id: string, words: { zh: string; en: string }): Job<T> {
    const j = this.jobs.get(id);
    if (!j || j.owner !== owner) throw new AppError('NOT_FOUND', words);
    return j;
  }
}

function view<T>(j: Job<T>): JobView<T> {
  return {
    id: j.id,
    state: j.state,
    done: j.done,
    total: j.total,
    error: j.error,
    result: j.result,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}
