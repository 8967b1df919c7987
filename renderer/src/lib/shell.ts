import type { OfficeLinkProblem, OfficeTargetInput } from '../../../shared/domain/office-link';

/** What the Electron preload adds beside the contract (electron/preload/index.ts, client.ts); absent in a browser. */
export interface ArchiveShell {
  electron: true;
  /** True in an office client's window (the server's pages over HTTPS). */
  officeClient: boolean;
  /** First run only, in the app's own window: check the server through the pin, remember it, switch windows. */
  connectOffice?: (input: OfficeTargetInput) => Promise<{ ok: true; value: { url: string } } | { ok: false; error: OfficeLinkProblem }>;
}

declare global {
  interface Window {
    archiveShell?: ArchiveShell;
  }
}

export const archiveShell: ArchiveShell | undefined = typeof window !== 'undefined' ? window.archiveShell : undefined;
