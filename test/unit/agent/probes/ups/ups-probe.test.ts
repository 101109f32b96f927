import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createUpsProbe } from '../../../../../agent/probes/ups/ups-probe.ts';
import type { UpsConfig } from '../../../../../agent/probes/ups/ups-config.ts';
import type { CommandRunner } from '../../../../../agent/system/command-runner.ts';
import { AppError } from '../../../../../shared/errors.ts';
import { FakeClock } from '../../../../../shared/testing/fake-clock.ts';
import { readFixture } from '../../../../helpers/fixtures.ts';

const CONFIG: UpsConfig = { enabled: 'auto', upscPath: '/usr/bin/upsc', timeoutMs: 2000, rediscoverSeconds: 3600 };

function fakeRunner(answers: Record<string, string | AppError>): Pick<CommandRunner, 'run'> & { calls: string[]; timeouts: number[] } {
  const calls: string[] = [];
  const timeouts: number[] = [];
  return {
    calls,
    timeouts,
    run(binary, args, options) {
      calls.push(`${binary} ${args.join(' ')}`);
      timeouts.push(options.timeoutMs);
      const answer = answers[args.join(' ')] ?? new AppError('ERR_COMMAND_FAILED', 'upsc: exit code 1: Error: Unknown UPS');
      return answer instanceof AppError ? Promise.reject(answer) : Promise.resolve({ stdout: answer, stderr: '' });
    },
  };
}

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => lines.push(JSON.parse(l) as { level: number; msg: string }) });
  return { logger, lines };
}

describe('createUpsProbe', () => {
  it('reads the configured UPS with /usr/bin/upsc and a 2 s timeout', async () => {
    const runner = fakeRunner({ 'eaton@localhost': readFixture('nut', 'on-battery.txt') });
    const probe = createUpsProbe({ config: { ...CONFIG, name: 'eaton@localhost' }, commands: runner, clock: new FakeClock(), logger: pino({ level: 'silent' }) });
    expect(await probe.read()).toMatchObject({ name: 'eaton@localhost', onBattery: true, chargeRatio: 0.54, runtimeSeconds: 720 });
    expect(runner.calls).toEqual(['/usr/bin/upsc eaton@localhost']);
    expect(runner.timeouts).toEqual([2000]);
  });

  it('discovers with upsc -l on the configured host, once an hour', async () => {
    const clock = new FakeClock();
    const runner = fakeRunner({ '-l 127.0.0.1:3493': 'dummy\n', 'dummy@127.0.0.1:3493': readFixture('nut', 'on-line.txt') });
    const probe = createUpsProbe({ config: { ...CONFIG, host: '127.0.0.1:3493' }, commands: runner, clock, logger: pino({ level: 'silent' }) });
    expect(await probe.read()).toMatchObject({ name: 'dummy@127.0.0.1:3493', onBattery: false });
    clock.advance(30 * 60_000);
    await probe.read();
    clock.advance(30 * 60_000);
    await probe.read();
    expect(runner.calls).toEqual([
      '/usr/bin/upsc -l 127.0.0.1:3493',
      '/usr/bin/upsc dummy@127.0.0.1:3493',
      '/usr/bin/upsc dummy@127.0.0.1:3493',
      '/usr/bin/upsc -l 127.0.0.1:3493',
      '/usr/bin/upsc dummy@127.0.0.1:3493',
    ]);
  });

  it('without upsc, says so once at debug level and sends nothing', async () => {
    const clock = new FakeClock();
    const missing = new AppError('ERR_COMMAND_NOT_FOUND', '/usr/bin/upsc: cannot run (ENOENT)');
    const runner = fakeRunner({ '-l': missing });
    const { logger, lines } = recordingLogger();
    const probe = createUpsProbe({ config: CONFIG, commands: runner, clock, logger });
    for (let i = 0; i < 5; i += 1) {
      expect(await probe.read()).toBeUndefined();
      clock.advance(60_000);
    }
    expect(runner.calls).toEqual(['/usr/bin/upsc -l']);
    expect(lines.filter((l) => l.msg.includes('not installed'))).toEqual([expect.objectContaining({ level: 20 })]);
  });

  it('with no UPS found: nothing sent, debug under auto, a warning once under true', async () => {
    for (const [enabled, level] of [['auto', 20], ['true', 40]] as const) {
      const { logger, lines } = recordingLogger();
      const probe = createUpsProbe({ config: { ...CONFIG, enabled }, commands: fakeRunner({ '-l': '' }), clock: new FakeClock(), logger });
      expect(await probe.read()).toBeUndefined();
      expect(await probe.read()).toBeUndefined();
      expect(lines.filter((l) => l.msg === 'no UPS found with upsc -l')).toEqual([expect.objectContaining({ level })]);
    }
  });

  it('never runs upsc when disabled', async () => {
    const runner = fakeRunner({});
    const probe = createUpsProbe({ config: { ...CONFIG, enabled: 'false', name: 'eaton' }, commands: runner, clock: new FakeClock(), logger: pino({ level: 'silent' }) });
    expect(await probe.read()).toBeUndefined();
    expect(runner.calls).toEqual([]);
  });

  it('a UPS that cannot be read (timeout, data stale) gives no field and one warning until it is readable again', async () => {
    const answers: Record<string, string | AppError> = { eaton: new AppError('ERR_COMMAND_TIMEOUT', '/usr/bin/upsc: no answer within 2000 ms') };
    const { logger, lines } = recordingLogger();
    const probe = createUpsProbe({ config: { ...CONFIG, name: 'eaton' }, commands: fakeRunner(answers), clock: new FakeClock(), logger });
    expect(await probe.read()).toBeUndefined();
    expect(await probe.read()).toBeUndefined();
    answers['eaton'] = readFixture('nut', 'on-line.txt');
    expect(await probe.read()).toMatchObject({ onBattery: false });
    expect(lines.map((l) => l.msg)).toEqual(['UPS could not be read with upsc', 'UPS readable again']);
  });
});
