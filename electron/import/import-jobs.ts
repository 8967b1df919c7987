import type { ImportJob, ImportReport } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { JobRunner, type JobView } from '../services/jobs';
import type { Actor } from '../services/actor';
import { ImportRefused, ImportService, type CommitOptions, type ImportCore } from './import.service';

/**
 * Import commits run as jobs (the one JobRunner, as batch printing) so the window can show
 * progress and offer cancel: start returns at once, get() is polled, cancel() asks the commit to
 * stop at its next batch (the transaction then rolls back, leaving the archive as it was; the job
 * reads running until it has). A job belongs to the user who started it: another user's id reads
 * as "no such import job". Jobs live with the open archive, in memory.
 */
export class ImportJobs {
  private readonly runner: JobRunner<ImportReport>;

  constructor(private readonly core: ImportCore) {
    this.runner = new JobRunner<ImportReport>({
      where: 'import',
      now: core.nowIso,
      cancel: 'when-stopped',
      // A sheet refused inside the transaction keeps its report (which rows, why).
      resultOfError: (e) => (e instanceof ImportRefused ? e.report : null),
    });
  }

  /** Starts the commit as `actor`, who owns the job. */
  start(actor: Actor, fileName: string, bytes: Buffer, opts: CommitOptions = {}): string {
    if (this.runner.anyRunning()) {
      throw new AppError('CONFLICT', ERR.import.running);
    }
    return this.runner.start(actor.username, 0, ({ signal, progress }) =>
      new ImportService(this.core).commit(actor, fileName, bytes, { onProgress: progress, isCancelled: () => signal.aborted }, opts),
    ).id;
  }

  get(owner: string, jobId: string): ImportJob {
    return toImportJob(this.mine(owner, jobId, () => this.runner.get(owner, jobId)));
  }

  cancel(owner: string, jobId: string): void {
    this.mine(owner, jobId, () => this.runner.cancel(owner, jobId));
  }

  /** For tests and in-process callers: resolves when the job has finished, whatever the outcome. */
  async wait(jobId: string): Promise<ImportJob> {
    return toImportJob(await this.runner.wait(jobId));
  }

  private mine<V>(owner: string, jobId: string, fn: () => V): V {
    try {
      return fn();
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', ERR.import.jobNotFound);
      throw e;
    }
  }
}

function toImportJob(j: JobView<ImportReport>): ImportJob {
  return {
    jobId: j.id,
    state: j.state,
    progress: { done: j.done, total: j.total },
    report: j.result,
    error: j.error ? { zh: j.error.zh, en: j.error.en } : null,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

const registry = new WeakMap<ImportCore, ImportJobs>();
export function importJobs(core: ImportCore): ImportJobs {
  let j = registry.get(core);
  if (!j) registry.set(core, (j = new ImportJobs(core)));
  return j;
}
