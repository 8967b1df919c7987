import { benchAudit } from './audit.bench';
import { printLines } from './harness';
import { benchPrint } from './print.bench';
import { benchRegister } from './register.bench';
import { benchVault } from './vault.bench';

/**
 * `npm run bench`: every line beside a raw baseline measured in the same run.
 * Benchmarks report; they never fail the test suite (speed is not asserted by timed tests).
 */
async function main(): Promise<void> {
  console.log(`Archive Room bench — node ${process.version}, ${new Date().toISOString()}`);
  printLines('Vault', await benchVault());
  printLines('Register (100k residents)', await benchRegister());
  printLines('Audit trail (1M entries)', await benchAudit());
  printLines('Printing (400 archive covers)', await benchPrint());
  printLines('Import (50k-row sheet)', await (await import('./import.bench')).benchImport());
}

void main().then(() => process.exit(0));
