import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_ENTRY } from './cli-child';

export interface Serving {
  child: ChildProcess;
  url: string;
  fingerprint: string;
  stdout: () => string;
}

/** `archive-room serve` (the built CLI) on a data folder, as the service unit starts it; resolves once it listens. */
export function serveChild(dataDir: string, extra: string[] = []): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, 'serve', '--data', dataDir, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const url = /office server: (https:\/\/\S+)/.exec(out)?.[1];
      const fingerprint = /SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(out)?.[1];
      if (url && fingerprint && out.includes('LOCKED')) resolve({ child, url, fingerprint, stdout: () => out });
    });
    child.stderr!.on('data', (d) => (err += String(d)));
    child.on('exit', (code, signal) => reject(new Error(`serve ended (${code ?? signal}) before listening: ${err}`)));
  });
}

export const exited = (c: ChildProcess): Promise<void> => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
