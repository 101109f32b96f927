// Runs external commands for probes: execFile/spawn (never a shell), an absolute binary path, a mandatory timeout
// that kills the process (SIGKILL), an optional AbortSignal, and typed failures (ERR_COMMAND_NOT_FOUND /
// ERR_COMMAND_TIMEOUT / ERR_COMMAND_ABORTED / ERR_COMMAND_FAILED). `run` buffers the output (repquota, getent);
// `stream` hands it over as it comes (find, whose output can be hundreds of MB) — see command-stream.ts.
import { execFile } from 'node:child_process';
import { AppError } from '../../shared/errors.ts';
import { streamCommand, type StreamOptions, type StreamOutcome } from './command-stream.ts';

export type { StreamOptions, StreamOutcome } from './command-stream.ts';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Kill the command (SIGKILL) after this many milliseconds. Mandatory: no probe waits forever. */
  timeoutMs: number;
  /** Aborting kills the command (SIGKILL) and rejects with ERR_COMMAND_ABORTED. */
  signal?: AbortSignal;
}

/** Details carried by ERR_COMMAND_FAILED so callers can look at what the command said. */
export interface CommandFailureDetails {
  binary: string;
  args: readonly string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(binary: string, args: readonly string[], options: RunOptions): Promise<CommandResult>;
  /** Starts the command and streams its output; resolves when it has ended (whatever its exit code). */
  stream(binary: string, args: readonly string[], options: StreamOptions): Promise<StreamOutcome>;
}

/** Largest stdout/stderr accepted, in bytes. */
const MAX_BUFFER = 64 * 1024 * 1024;
const PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? '' : line.trim();
}

/**
 * The real runner. Commands run with `LC_ALL=C` so their output (repquota, getent) is not translated.
 * `PATH` is kept so a binary can still run helpers, but callers always pass an absolute path.
 */
export function createCommandRunner(): CommandRunner {
  return {
    stream: (binary, args, options) => streamCommand(binary, args, options, PATH),
    run(binary, args, options) {
      if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
        return Promise.reject(new AppError('ERR_COMMAND_FAILED', `${binary}: timeoutMs must be a positive number`));
      }
      return new Promise<CommandResult>((resolve, reject) => {
        execFile(
          binary,
          [...args],
          {
            shell: false,
            timeout: options.timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer: MAX_BUFFER,
            encoding: 'utf8',
            windowsHide: true,
            env: { PATH, LC_ALL: 'C', LANG: 'C' },
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          },
          (err, stdout, stderr) => {
            if (err === null) {
              resolve({ stdout, stderr });
              return;
            }
            const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
            if (e.code === 'ENOENT' || e.code === 'EACCES') {
              reject(new AppError('ERR_COMMAND_NOT_FOUND', `${binary}: cannot run (${String(e.code)})`, { cause: err }));
              return;
            }
            if (e.name === 'AbortError') {
              reject(new AppError('ERR_COMMAND_ABORTED', `${binary}: stopped (scan aborted)`, { cause: err }));
              return;
            }
            if (e.killed === true && e.signal === 'SIGKILL') {
              reject(new AppError('ERR_COMMAND_TIMEOUT', `${binary}: no answer within ${options.timeoutMs} ms`, { cause: err }));
              return;
            }
            const details: CommandFailureDetails = {
              binary,
              args,
              exitCode: typeof e.code === 'number' ? e.code : null,
              signal: e.signal ?? null,
              stdout,
              stderr,
            };
            const why = details.exitCode !== null ? `exit code ${details.exitCode}` : `signal ${String(details.signal)}`;
            const said = firstLine(stderr);
            reject(
              new AppError('ERR_COMMAND_FAILED', `${binary}: ${why}${said === '' ? '' : `: ${said}`}`, {
                cause: err,
                details: { ...details },
              }),
            );
          },
        );
      });
    },
  };
}
