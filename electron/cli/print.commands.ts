import { resolve } from 'node:path';
import { DEFAULT_PRINT_OPTIONS, unprintableLine, type UnprintableChars } from '../../shared/domain/print-types';
import { AppError, type ErrorCode } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { writeFileAtomic } from '../core/atomic-file';
import type { PrintScope } from '../services/print.service';
import { signInCli, type CliOut } from './commands';
import { cliCall } from './cli-dispatch';

export interface PrintArgs {
  user?: string;
  out?: string;
  all?: boolean;
  building?: string;
  grid?: string;
  bw?: boolean;
}

/**
 * `print covers --all|--building ID|--grid ID --out FILE.pdf`: the same covers as the 打印 page,
 * through its channel (print.startCovers: print.run, audited; then print.job until done). `--all`
 * goes in pages of the channel's 5,000 records: more than that become FILE-1.pdf, FILE-2.pdf ….
 */
export async function cmdPrint(core: ArchiveCore, what: string | undefined, a: PrintArgs, out: CliOut): Promise<number> {
  if (what !== 'covers' || !a.out || [a.all, a.building, a.grid].filter(Boolean).length !== 1) {
    out.err('用法 usage: print covers --all|--building ID|--grid ID --out FILE.pdf [--bw] --user NAME');
    return 64;
  }
  if (!a.out.toLowerCase().endsWith('.pdf')) throw new AppError('VALIDATION', ERR.cli.pdfOut);
  await signInCli(core, a.user);
  const scopes: PrintScope[] = [];
  if (a.all) {
    // Asked through a channel too, so a user who may not print is refused before anything is read.
    const { pages } = await cliCall(core, 'cli.coverPages', {});
    for (const ids of pages) scopes.push({ kind: 'records', ids });
  } else scopes.push(a.building ? { kind: 'building', id: a.building } : { kind: 'grid', id: a.grid! });
  if (!scopes.length) {
    out.log('没有可打印的封面 / no covers to print');
    return 0;
  }
  const options = { ...DEFAULT_PRINT_OPTIONS, colour: !a.bw };
  const file = resolve(a.out);
  const stem = file.slice(0, -'.pdf'.length);
  let printed = 0;
  const unprintable: UnprintableChars[] = [];
  for (const [i, scope] of scopes.entries()) {
    let job = await cliCall(core, 'print.startCovers', { scope, options });
    let last = -1;
    for (;;) {
      if (job.done - last >= 100 || (job.done === job.total && job.done !== last)) {
        last = job.done;
        process.stderr.write(`${printed + job.done}/${printed + job.total}\n`);
      }
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
      job = await cliCall(core, 'print.job', { id: job.id });
    }
    if (job.state !== 'done' || !job.pdf)
      throw new AppError((job.error?.code ?? 'INTERNAL') as ErrorCode, job.error ? { zh: job.error.zh, en: job.error.en } : undefined);
    const part = scopes.length === 1 ? file : `${stem}-${i + 1}.pdf`;
    writeFileAtomic(part, Buffer.from(job.pdf.dataBase64, 'base64'));
    if (scopes.length > 1) out.log(`第 ${i + 1} 部分 part ${i + 1}: ${job.total} 份封面 covers → ${part}`);
    printed += job.total;
    unprintable.push(...job.pdf.unprintable);
  }
  out.log(`已打印 printed: ${printed} 份封面 covers → ${scopes.length === 1 ? file : `${stem}-1…${scopes.length}.pdf`}`);
  if (unprintable.length) out.err(unprintableLine(unprintable));
  return 0;
}
