import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../../../collector/domain/maintenance-windows.ts';
import { parseAvailabilityQuery, resolveWindow } from '../../../../collector/reports/availability-query.ts';
import { AppError } from '../../../../shared/errors.ts';

function fieldOf(raw: Record<string, unknown>): string | undefined {
  try {
    parseAvailabilityQuery(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ERR_REPORT_QUERY_INVALID');
    expect((err as AppError).message).toContain(`${String((err as AppError).details?.field)} is invalid`);
    return (err as AppError).details?.field as string;
  }
  return undefined;
}

describe('parseAvailabilityQuery', () => {
  it.each([
    { raw: { window: 'Bascule 2025' }, expected: { window: { kind: 'named', name: 'Bascule 2025' }, uai: null, format: 'json', section: 'servers' } },
    { raw: { window: 'Bascule 2025', uai: '0860021F', format: 'csv', section: 'outages' }, expected: { uai: '0860021F', format: 'csv', section: 'outages' } },
    { raw: { from: '2025-07-05', to: '2025-09-12' }, expected: { window: { kind: 'explicit', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris' } } },
    { raw: { from: '2025-07-05', to: '2025-07-05', tz: 'Indian/Reunion' }, expected: { window: { kind: 'explicit', timeZone: 'Indian/Reunion' } } },
  ])('accepts $raw', ({ raw, expected }) => {
    expect(parseAvailabilityQuery(raw)).toMatchObject(expected);
  });

  it.each([
    { raw: {}, field: 'window' },
    { raw: { window: 'Bascule', from: '2025-07-05' }, field: 'from' },
    { raw: { from: '2025-07-05' }, field: 'to' },
    { raw: { to: '2025-07-05' }, field: 'from' },
    { raw: { from: '2025-02-30', to: '2025-03-01' }, field: 'from' },
    { raw: { from: '2025-07-05', to: '2025-07-04' }, field: 'to' },
    { raw: { from: '2025-07-05', to: '2025-07-06', tz: 'Mars/Olympus' }, field: 'tz' },
    { raw: { window: 'B', uai: '860021F' }, field: 'uai' },
    { raw: { window: 'B', format: 'pdf' }, field: 'format' },
    { raw: { window: 'B', section: 'users' }, field: 'section' },
    { raw: { window: 'B', since: '2025-07-01' }, field: 'since' },
    { raw: { window: ['a', 'b'] }, field: 'window' },
  ])('rejects $raw naming $field', ({ raw, field }) => {
    expect(fieldOf(raw)).toBe(field);
  });
});

describe('resolveWindow', () => {
  const windows: MaintenanceWindow[] = [
    { name: 'Bascule 2025', from: '2025-07-05', to: '2025-09-12', timeZone: 'Europe/Paris', exceptions: [] },
    { name: 'Bascule 2026', from: '2026-07-04', to: '2026-09-11', timeZone: 'Europe/Paris', exceptions: [] },
  ];
  it('finds a window by exact name, else ignoring case', () => {
    expect(resolveWindow({ kind: 'named', name: 'Bascule 2026' }, windows).window.from).toBe('2026-07-04');
    expect(resolveWindow({ kind: 'named', name: 'bascule 2025' }, windows).window.from).toBe('2025-07-05');
  });
  it('an unknown name lists the known windows', () => {
    expect(() => resolveWindow({ kind: 'named', name: 'Été' }, windows)).toThrow("known windows: 'Bascule 2025', 'Bascule 2026'");
    expect(() => resolveWindow({ kind: 'named', name: 'Été' }, [])).toThrow('none is configured');
  });
  it('explicit dates make a window without exceptions', () => {
    expect(resolveWindow({ kind: 'explicit', from: '2025-07-01', to: '2025-07-31', timeZone: 'Europe/Paris' }, windows)).toEqual({
      window: { name: 'Du 2025-07-01 au 2025-07-31', from: '2025-07-01', to: '2025-07-31', timeZone: 'Europe/Paris', exceptions: [] }, explicit: true,
    });
  });
});
