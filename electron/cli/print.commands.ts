import { resolve } from 'node:path';
import { DEFAULT_PRINT_OPTIONS, unprintableLine, type PrintOptions } from '../../shared/domain/print-types';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { Not } from 'typeorm';
import type { ArchiveCore } from '../core/archive-core';
import { ArchiveRecordEntity } from '../db/entities';
import { writeFileAtomic } from '../core/atomic-file';
import { coverBatchPdf } from '../print/cover-batch';
import type { PrintScope } from '../services/print.service';
import type { CliOut } from './commands';
import { signInAs } from './data.commands';

export interface PrintArgs {
  user?: string;
  out?: string;
  all?: boolean;
  building?: string;
  grid?: string;
  bw?: boolean;
}

/** `print covers --all|--building ID|--grid ID --out FILE.pdf`: the same covers as the 打印 page. */
export async function cmdPrint(core: ArchiveCore, what: string | undefined, a: PrintArgs, out: CliOut): Promise<number> {
  if (what !== 'covers' || !a.out || [a.all, a.building, a.grid].filter(Boolean).length !== 1) {
    out.err('用法 usage: print covers --all|--building ID|--grid ID --out FILE.pdf [--bw] --user NAME');
    return 64;
  }
  if (!a.out.toLowerCase().endsWith('.pdf')) throw new AppError('VALIDATION', ERR.cli.pdfOut);
  const actor = await signInAs(core, a.user, 'print.run', 'print');
  const s = core.services;
  let scope: PrintScope;
  if (a.all) {
    const ids = await s.db.manager.find(ArchiveRecordEntity, { select: { id: true }, where: { status: Not('destroyed') }, order: { archiveNo: 'ASC' } });
    scope = { kind: 'records', ids: ids.map((r) => r.id) };
  } else scope = a.building ? { kind: 'building', id: a.building } : { kind: 'grid', id: a.grid! };
  const opts: PrintOptions = { ...DEFAULT_PRINT_OPTIONS, colour: !a.bw };
  const covers = await s.print.coverData(scope);
  let last = 0;
  const { pdf, unprintable } = await coverBatchPdf(covers, opts, {
    onProgress: (done, total) => {
      if (done - last >= 100 || done === total) {
        last = done;
        process.stderr.write(`${done}/${total}\n`);
      }
    },
  });
  const file = resolve(a.out);
  writeFileAtomic(file, pdf);
  await s.audit.record({
    actor: actor.username,
    action: 'print.covers',
    details: { scope: scope.kind, count: covers.length, via: 'cli', unprintable: unprintable.length },
  });
  out.log(`已打印 printed: ${covers.length} 份封面 covers → ${file}`);
  if (unprintable.length) out.err(unprintableLine(unprintable));
  return 0;
}
