import { describe, expect, it } from 'vitest';
import { loadCollectorConfig } from '../../../../collector/config.ts';

function load(yaml: string) {
  return loadCollectorConfig({ file: 'collector.yaml', env: {}, readFile: () => yaml });
}

describe('liveness configuration (derived once, when the configuration is loaded)', () => {
  it('has defaults: offline after 3 missed heartbeats, warning outside windows, reminders every 4 h, 3 down notices per hour', () => {
    const { windowResolver, ...s } = load('').livenessSettings;
    expect(windowResolver.active('0860021F', 0)).toBeNull();
    expect(s).toEqual({
      deadlines: { offlineAfterHeartbeats: 3, offlineAfterSeconds: undefined },
      alerts: { outsideWindow: 'warning', reminderEveryMs: 4 * 3_600_000, maxDownNoticesPerHour: 3 },
      windows: [],
      sweepIntervalMs: 1000,
    });
  });

  it('reads the shorthand "Name: from → to" and the full form with exceptions', () => {
    const s = load(`
liveness:
  offlineAfter: 2s
  outsideWindow: none
  reminderEvery: 30m
  windows:
    - "Bascule 2025: 2025-07-05 → 2025-09-12"
    - name: Bascule 2026
      from: 2026-07-04
      to: 2026-09-11
      exceptions:
        - { uai: 0860022G, exclude: true }
        - { uai: 9740001A, timeZone: Indian/Reunion }
`).livenessSettings;
    expect(s.deadlines.offlineAfterSeconds).toBe(2);
    expect(s.alerts).toMatchObject({ outsideWindow: 'none', reminderEveryMs: 1_800_000 });
    expect(s.windows).toEqual([
      { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [] },
      {
        name: 'Bascule 2026',
        from: '2026-07-04',
        to: '2026-09-11',
        timeZone: 'Europe/Paris',
        exceptions: [
          { uai: '0860022G', exclude: true },
          { uai: '9740001A', from: undefined, to: undefined, timeZone: 'Indian/Reunion' },
        ],
      },
    ]);
  });

  it.each([
    { yaml: 'liveness:\n  windows: ["Bascule 2025 2025-07-05 2025-09-12"]', fragment: 'liveness.windows.0 is invalid, expected "Name: YYYY-MM-DD → YYYY-MM-DD"' },
    { yaml: 'liveness:\n  windows: ["Bascule: 2025-09-12 → 2025-07-05"]', fragment: 'liveness.windows.0.to is invalid, expected a day on or after 2025-09-12' },
    { yaml: 'liveness:\n  windows: ["Bascule: 2025-02-30 → 2025-07-05"]', fragment: 'liveness.windows.0.from is invalid, expected a real calendar date' },
    { yaml: 'liveness:\n  windows:\n    - { name: x, from: 2025-07-05, to: 2025-09-12, timeZone: Europe/Pariss }', fragment: 'liveness.windows.0.timeZone is invalid, expected an IANA time zone' },
    { yaml: 'liveness:\n  offlineAfter: 500ms', fragment: 'liveness.offlineAfter is invalid, expected at least 1s' },
  ])('refuses a bad value when the configuration is loaded, naming it: $fragment', ({ yaml, fragment }) => {
    expect(() => load(yaml)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining(fragment) }));
  });

  it('refuses an unknown key through the collector schema', () => {
    expect(() => load('liveness:\n  ofline_after: 3')).toThrow(/liveness\.ofline_after is invalid/);
  });
});
