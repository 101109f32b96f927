import { describe, expect, it } from 'vitest';
import { parseLoadavg, parseMeminfo, parseUptime } from '../../../../agent/system/proc-parsers.ts';

describe('/proc parsers', () => {
  it('parses uptime, load and memory', () => {
    expect(parseUptime('783000.52 1500000.11\n')).toBe(783000.52);
    expect(parseLoadavg('0.12 0.20 0.25 1/234 5678\n')).toEqual({ load1: 0.12, load5: 0.2, load15: 0.25 });
    expect(parseMeminfo('MemTotal:        8000000 kB\nMemFree:  1 kB\nMemAvailable:    5000000 kB\n')).toEqual({
      totalBytes: 8_192_000_000,
      availableBytes: 5_120_000_000,
    });
  });
  it.each([
    [() => parseUptime(''), '/proc/uptime: expected "<seconds> <idle>"'],
    [() => parseLoadavg('x y z'), '/proc/loadavg: expected three load averages'],
    [() => parseMeminfo('MemTotal: 1 kB\n'), "/proc/meminfo: expected a line 'MemAvailable: <n> kB'"],
  ])('rejects malformed input %#', (fn, fragment) => {
    expect(fn).toThrow(fragment);
  });
});
