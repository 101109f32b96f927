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

  it('kills a command when its signal aborts (ERR_COMMAND_ABORTED)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = performance.now();
    const err: unknown = await runner.run('/bin/sleep', ['5'], { timeoutMs: 5000, signal: controller.signal }).catch((e: unknown) => e);
    expect(isAppError(err, 'ERR_COMMAND_ABORTED')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('createCommandRunner().stream', () => {
  const runner = createCommandRunner();
  const collect = () => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    return { out, err, onStdout: (d: Buffer) => out.push(d), onStderr: (d: Buffer) => err.push(d) };
  };

  it('streams stdout and stderr, and resolves with the exit code (non-zero is not an error)', async () => {
    const c = collect();
    const res = await runner.stream('/bin/sh', ['-c', 'printf "a\\0b\\0"; echo oops >&2; exit 1'], { timeoutMs: 5000, onStdout: c.onStdout, onStderr: c.onStderr });
    expect(Buffer.concat(c.out).toString('latin1')).toBe('a\0b\0');
    expect(Buffer.concat(c.err).toString()).toBe('oops\n');
    expect(res).toMatchObject({ exitCode: 1, signal: null, stoppedBy: null, stderr: 'oops\n', pid: expect.any(Number) });
  });

  it.each([
    ['timeout', 200, false],
    ['abort', 5000, true],
  ] as const)('kills the process on %s (SIGKILL), and says so', async (why, timeoutMs, aborts) => {
    const signal = aborts ? AbortSignal.timeout(100) : undefined;
    const t0 = performance.now();
    const res = await runner.stream('/bin/sleep', ['10'], { timeoutMs, ...(signal ? { signal } : {}), onStdout: () => undefined });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(res).toMatchObject({ stoppedBy: why, signal: 'SIGKILL', exitCode: null });
  });

  it('does not start a command whose signal is already aborted', async () => {
    const res = await runner.stream('/bin/sleep', ['10'], { timeoutMs: 5000, signal: AbortSignal.abort(), onStdout: () => undefined });
    expect(res).toMatchObject({ pid: null, stoppedBy: 'abort' });
  });

  it('rejects a missing binary with ERR_COMMAND_NOT_FOUND, and sets the niceness it is asked for', async () => {
    const err: unknown = await runner.stream('/nonexistent/find', [], { timeoutMs: 5000, onStdout: () => undefined }).catch((e: unknown) => e);
    expect(isAppError(err, 'ERR_COMMAND_NOT_FOUND')).toBe(true);
    const niced = await runner.stream('/bin/true', [], { timeoutMs: 5000, nice: 19, onStdout: () => undefined });
    expect(niced.nice).toBe(19);
  });
});
