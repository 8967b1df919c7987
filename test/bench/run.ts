import { benchAnnual } from './annual.bench';
import { benchAudit } from './audit.bench';
import { benchBackup } from './backup.bench';
import { benchBrowser } from './browser.bench';
import { printLines, type BenchLine } from './harness';
import { benchImport } from './import.bench';
import { benchImportMemory } from './import-memory.bench';
import { benchOffice } from './office.bench';
import { benchPackage } from './package.bench';
import { benchPrint } from './print.bench';
import { benchRegister } from './register.bench';
import { benchScale } from './scale.bench';
import { benchVault } from './vault.bench';

const SECTIONS: [key: string, title: string, run: () => Promise<BenchLine[]>][] = [
  ['vault', 'Vault', benchVault],
  ['register', 'Register (100k residents)', benchRegister],
  ['annual', '年度统计报表 (100k residents, brute force)', benchAnnual],
  ['office', 'Office server (20 clients, 100k residents)', benchOffice],
  ['scale', 'Street scale (100k and 1M residents)', benchScale],
  ['browser', 'Residents lists in Chromium on filled archives (BROWSER_ARCHIVES)', benchBrowser],
  ['audit', 'Audit trail (1M entries)', benchAudit],
  ['print', 'Printing (400 archive covers)', benchPrint],
  ['backup', 'Backup / restore per engine (100k residents)', benchBackup],
  ['import', 'Import (50k-row sheet)', benchImport],
  ['import-memory', 'Import memory (100k and 400k rows, per engine)', benchImportMemory],
  ['package', 'Package and start-up', benchPackage],
];

/** Sections that run only when named (seeding 1M residents takes minutes). */
const ASKED_ONLY = new Set(['scale', 'office', 'backup', 'browser', 'import-memory']);

/**
 * `npm run bench [-- section …]`: every line beside a raw baseline measured in the same run.
 * Benchmarks report; they never fail the test suite (speed is not asserted by timed tests).
 */
async function main(): Promise<void> {
  const want = process.argv.slice(2);
  console.log(`Archive Room bench — node ${process.version}, ${new Date().toISOString()}`);
  for (const [key, title, run] of SECTIONS) if (want.includes(key) || (!want.length && !ASKED_ONLY.has(key))) printLines(title, await run());
}

void main().then(() => process.exit(0));
