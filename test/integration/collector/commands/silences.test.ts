import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSilencesCommand } from '../../../../collector/commands/silences.ts';
import { buildTestApp, type TestApp } from '../../../helpers/build-test-app.ts';

let t: TestApp;
let lines: string[];
const run = (...args: string[]) => runSilencesCommand(args, { store: t.store, clock: t.clock, io: { out: (l) => lines.push(l) } });

beforeEach(async () => {
  t = await buildTestApp();
  await t.enrol('0860021F', 'scribe');
  lines = [];
});
afterEach(async () => t.close());

describe('vigie-collector silences (SQLite store)', () => {
  it('adds a server silence and a school silence, lists them, removes one', async () => {
    await run('add', '0860021F', 'scribe', '--until', '2025-07-11T18:00:00+02:00', '--reason', 'travaux électriques', '--by', 'dsi');
    await run('add', '0170001J', '--until', '2025-07-12T00:00:00Z', '--reason', 'déménagement');
    expect(lines).toEqual([
      'Silence 1: 0860021F/scribe until 2025-07-11T16:00:00.000Z (travaux électriques)',
      'Silence 2: 0170001J (all servers) until 2025-07-12T00:00:00.000Z (déménagement)',
    ]);
    lines = [];
    await run('list');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('1\t0860021F\tscribe\t2025-07-10T08:00:00.000Z\t2025-07-11T16:00:00.000Z\tdsi\ttravaux électriques');
    expect(lines[2]).toContain('0170001J\t*');
    await run('remove', '1');
    lines = [];
    await run('list');
    expect(lines).toHaveLength(2);
    await expect(run('remove', '1')).rejects.toThrow('silence 1 does not exist or is already over');
  });

  it.each([
    { args: ['add', '0860021F'], message: 'usage' },
    { args: ['add', '0860021F', '--until', 'hier', '--reason', 'x'], message: 'endsAt is invalid' },
    { args: ['remove', 'abc'], message: 'usage: vigie-collector silences remove <id>' },
    { args: ['frobnicate'], message: 'usage' },
  ])('refuses $args', async ({ args, message }) => {
    await expect(run(...args)).rejects.toThrow(message);
  });
});
