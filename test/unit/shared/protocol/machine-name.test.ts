import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { MachineSchema, checkMachineName } from '../../../../shared/protocol/common.ts';

describe('checkMachineName (the one machine-name rule)', () => {
  it.each([
    ['scribe', true],
    ['Scribe-2.ac_poitiers', true],
    ['0scribe', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['', false],
    ['-scribe', false],
    ['.scribe', false],
    ['scribe 2', false],
    ['scribé', false],
    ['scribe/../x', false],
  ])('%s → %s, and the protocol schema agrees', (name, ok) => {
    const check = checkMachineName(name);
    expect(check.ok).toBe(ok);
    if (!check.ok) expect(check.reason).toContain(`(actual: '${name}')`);
    expect(Value.Check(MachineSchema, name)).toBe(ok);
  });
});
