import type { ImportJob, ImportReport } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { internalError } from '../core/internal-log';
import type { Actor } from '../services/structure.service';
import { ImportCancelled } from './commit';
import { ImportRefused, ImportService, type CommitOptions } from './import.service';

interface Job {
  view: ImportJob;
  cancel: boolean;
  done: Promise<void>;
}

const KEEP_FINISHED = 20;

/**
 * Import commits run as jobs so the window can show progress and offer cancel: start returns at
 * once, job() is polled, cancel() asks the commit to stop at its next batch (the transaction then
 * rolls back, leaving the archive as it was). Jobs live with the open archive, in memory.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly core: ArchiveCore) {}

  start(actor: Actor, fileName: string, bytes: Buffer, opts: CommitOptions = {}): string {
    if ([...this.jobs.values()].some((j) => j.view.state === 'running')) {
      throw new AppError('CONFLICT', ERR.import.running);
    }
    const jobId = this.core.newId();
    const job: Job = {
      view: { jobId, state: 'running', progress: { done: 0, total: 0 }, report: null, error: null, startedAt: this.core.nowIso(), finishedAt: null },
      cancel: false,
      done: Promise.resolve(),
    };
    this.jobs.set(jobId, job);
    job.done = new ImportService(this.core)
      .commit(
        actor,
        fileName,
        bytes,
        {
          onProgress: (done, total) => (job.view.progress = { done, total }),
          isCancelled: () => job.cancel,
        },
        opts,
      )
      .then((report: ImportReport) => this.finish(job, 'done', report, null))
      .catch((e: unknown) => {
        if (e instanceof ImportCancelled) return this.finish(job, 'cancelled', null, null);
        if (e instanceof ImportRefused) return this.finish(job, 'failed', e.report, { zh: e.zh, en: e.en });
        // The sheet's rows are residents' data: the log gets an id and the error's kind only.
        const err = e instanceof AppError ? e : internalError('import', e);
        this.finish(job, 'failed', null, { zh: err.zh, en: err.en });
      });
    this.prune();
    return jobId;
  }

  get(jobId: string): ImportJob {
    return { ...this.require(jobId).view };
  }

  cancel(jobId: string): void {
    this.require(jobId).cancel = true;
  }

  /** For tests and the CLI: resolves when the job has finished, whatever the outcome. */
  async wait(jobId: string): Promise<ImportJob> {
    await this.require(jobId).done;
    return this.get(jobId);
  }

  private finish(job: Job, state: ImportJob['state'], report: ImportReport | null, error: ImportJob['error']): void {
    job.view = { ...job.view, state, report, error, finishedAt: this.core.nowIso() };
  }

  private require(jobId: string): Job {
    const j = this.jobs.get(jobId);
    if (!j) throw new AppError('NOT_FOUND', ERR.import.jobNotFound);
    return j;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.view.jobId);
  }
}

const registry = new WeakMap<ArchiveCore, ImportJobs>();
export function importJobs(core: ArchiveCore): ImportJobs {
  let j = registry.get(core);
  if (!j) registry.set(core, (j = new ImportJobs(core)));
  return j;
}
