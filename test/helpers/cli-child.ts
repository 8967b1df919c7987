import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, as the bin runs it (test/setup/fresh-build.ts keeps it current). */
export const CLI_ENTRY = join(__dirname, '../../out/main/cli.js');

export interface ChildRun {
  code: number | null;
  killed: boolean;
  stdout: string;
  stderr: string;
  /** Milliseconds from the marker line to exit (or to the kill). */
  workMs: number;
  /** Milliseconds from the marker line to the `until` line, when one was asked for and seen. */
  untilMs: number | null;
}

/**
 * Runs `archive-room ARGS` as a child process; when `killAfterMs` is set, SIGKILLs it that long
 * after `marker` appears on stdout (the start of the work under test, after start-up and sign-in).
 * `env`: more variables for the child (e.g. initEnv() from vault-fixture.ts for `init`).
 */
export function runCliChild(
  args: string[],
  password: string,
  marker: string,
  killAfterMs: number | null,
  until?: string,
  env: Record<string, string> = {},
): Promise<ChildRun> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI_ENTRY, ...args], {
      env: { ...process.env, ...env, ARCHIVE_ROOM_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let t0 = 0;
    let untilMs: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    c.stdout.on('data', (d) => {
      stdout += String(d);
      if (!t0 && stdout.includes(marker)) {
        t0 = Date.now();
        if (killAfterMs !== null) timer = setTimeout(() => c.kill('SIGKILL'), killAfterMs);
      }
      if (t0 && until && untilMs === null && stdout.includes(until)) untilMs = Date.now() - t0;
    });
    c.stderr.on('data', (d) => (stderr += String(d)));
    c.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed: signal === 'SIGKILL', stdout, stderr, workMs: t0 ? Date.now() - t0 : 0, untilMs });
    });
  });
}
