import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../../../agent/system/command-runner.ts';
import { isAppError } from '../../../../shared/errors.ts';

describe('createCommandRunner', () => {
  const runner = createCommandRunner();

  it('returns stdout and never goes through a shell', async () => {
    const out = await runner.run('/bin/echo', ['$HOME', '; ls'], { timeoutMs: 5000 });
    expect(out.stdout).toBe('$HOME ; ls\n');
  });

  it('runs with LC_ALL=C', async () => {
    const out = await runner.run('/usr/bin/env', [], { timeoutMs: 5000 });
    expect(out.stdout).toContain('LC_ALL=C');
  });

  it.each([
    ['missing binary', '/nonexistent/binary', [], 5000, 'ERR_COMMAND_NOT_FOUND'],
    ['non-zero exit', '/bin/sh', ['-c', 'echo oops >&2; exit 3'], 5000, 'ERR_COMMAND_FAILED'],
    ['timeout', '/bin/sleep', ['5'], 200, 'ERR_COMMAND_TIMEOUT'],
  ] as const)('maps %s to %s', async (_name, bin, args, timeoutMs, code) => {
    const err: unknown = await runner.run(bin, args, { timeoutMs }).catch((e: unknown) => e);
    expect(isAppError(err, code)).toBe(true);
  });

  it('puts exit code and the first stderr line in ERR_COMMAND_FAILED', async () => {
    const err: unknown = await runner.run('/bin/sh', ['-c', 'echo first >&2; echo second >&2; exit 4'], { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(isAppError(err, 'ERR_COMMAND_FAILED')).toBe(true);
    if (!isAppError(err)) return;
    expect(err.message).toContain('exit code 4: first');
    expect(err.details?.['exitCode']).toBe(4);
    expect(err.details?.['stderr']).toBe('first\nsecond\n');
  });
});
