import { chmodSync, chownSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors.ts';

/**
 * Writes the server's token to `path`, readable by its owner only (0600): a temporary file created 0600 in the
 * same folder, synced, then renamed over the old one, so no reader ever sees a partial or world-readable token.
 * The owner is the user running the command (the agent's user: `deploy/vigie-agent.service` runs as root), or
 * `owner` (`uid[:gid]`) when given.
 */
export function writeTokenFile(path: string, token: string, owner?: { uid: number; gid: number }): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${token}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600); // the umask cannot have widened it, but make it explicit
    if (owner !== undefined) chownSync(tmp, owner.uid, owner.gid);
    renameSync(tmp, path);
  } catch (err) {
    throw new AppError('ERR_TOKEN_FILE', `tokenFile is invalid, expected a writable path (actual: '${path}': ${(err as Error).message})`);
  }
}

/** `--owner 998` or `--owner 998:998`. */
export function parseOwner(value: string): { uid: number; gid: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(value);
  if (m === null) throw new AppError('ERR_USAGE', `--owner is invalid, expected uid or uid:gid, numeric (actual: '${value}')`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}
