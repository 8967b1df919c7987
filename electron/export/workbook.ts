import type { Workbook } from 'exceljs';

/**
 * A new exceljs workbook. exceljs loads on the first call instead of with the archive's code
 * (≈0.16 s of CPU): the CLI, the web host and the app start without it, and a command that writes
 * no spreadsheet (backup, restore, verify, search, a clean import) never loads it.
 */
export async function newWorkbook(): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  return new ExcelJS.Workbook();
}
