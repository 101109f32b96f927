// The streaming half of the command runner (command-runner.ts): spawn (never a shell) with a mandatory timeout and
// an optional AbortSignal, both of which kill the process (SIGKILL); stdout and stderr are handed over chunk by
// chunk, stderr's start is also kept for the outcome. A non-zero exit is not an error here: the caller reads the
// outcome (find exits 1 when it met an unreadable folder, and still printed everything else).
import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { AppError } from '../../shared/errors.ts';

export interface StreamOptions {
  /** Kill the command (SIGKILL) after this many milliseconds. Mandatory. */
  timeoutMs: number;
  /** Aborting kills the command (SIGKILL); the outcome then says `stoppedBy: 'abort'`. */
  signal?: AbortSignal;
  onStdout: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** CPU niceness given to the process as soon as it is started, or null to leave it. */
  nice?: number | null;
}

export interface StreamOutcome {
  /** Process id, null when the command never started (signal already aborted). */
  pid: number | null;
  /** Niceness read back from the kernel after setting it, null when not set. */
  nice: number | null;
  exitCode: number | null;
  /** Signal that ended the process, e.g. `SIGKILL`. */
  signal: string | null;
  /** Why the runner killed it, or null when it ended by itself. */
  stoppedBy: 'timeout' | 'abort' | null;
  /** The first {@link STDERR_KEPT_BYTES} bytes of stderr. */
  stderr: string;
}

const STDERR_KEPT_BYTES = 64 * 1024;

function renice(pid: number | undefined, nice: number | null | undefined): number | null {
  if (pid === undefined || nice === null || nice === undefined) return null;
  try {
    setPriority(pid, nice);
    return getPriority(pid);
  } catch {
    return null;
  }
}

export function streamCommand(binary: string, args: readonly string[], options: StreamOptions, pathVar: string): Promise<StreamOutcome> {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    return Promise.reject(new AppError('ERR_COMMAND_FAILED', `${binary}: timeoutMs must be a positive number`));
  }
  if (options.signal?.aborted === true) {
    return Promise.resolve({ pid: null, nice: null, exitCode: null, signal: null, stoppedBy: 'abort', stderr: '' });
  }
  return new Promise<StreamOutcome>((resolve, reject) => {
    const child = spawn(binary, [...args], {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      env: { PATH: pathVar, LC_ALL: 'C', LANG: 'C' },
    });
    // Set in the tick that spawned it: the process cannot have been reaped yet.
    const nice = renice(child.pid, options.nice);
    let stoppedBy: StreamOutcome['stoppedBy'] = null;
    let settled = false;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    const kill = (why: 'timeout' | 'abort'): void => {
      if (stoppedBy === null) stoppedBy = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
    const onAbort = (): void => kill('abort');
    options.signal?.addEventListener('abort', onAbort);
    const cleanUp = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      return true;
    };
    child.stdout.on('data', (d: Buffer) => options.onStdout(d));
    child.stderr.on('data', (d: Buffer) => {
      if (stderrBytes < STDERR_KEPT_BYTES) {
        stderr.push(d);
        stderrBytes += d.length;
      }
      options.onStderr?.(d);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (!cleanUp()) return;
      const code = err.code === 'ENOENT' || err.code === 'EACCES' ? 'ERR_COMMAND_NOT_FOUND' : 'ERR_COMMAND_FAILED';
      reject(new AppError(code, `${binary}: cannot run (${String(err.code ?? err.message)})`, { cause: err }));
    });
    child.on('close', (exitCode, signal) => {
      if (!cleanUp()) return;
      resolve({
        pid: child.pid ?? null, nice, exitCode, signal, stoppedBy,
        stderr: Buffer.concat(stderr).subarray(0, STDERR_KEPT_BYTES).toString('utf8'),
      });
    });
  });
}
