import { describe, expect, it } from 'vitest';
import { parseQuotaReportQuery } from '../../../../collector/reports/quota-report-query.ts';
import { isAppError } from '../../../../shared/errors.ts';

const TODAY = '2025-07-10';

describe('parseQuotaReportQuery', () => {
  it.each([
    { raw: {}, expected: { uai: null, format: 'json', since: null, section: 'users' } },
    { raw: { uai: '0860021F', format: 'csv', since: '2025-07-10', section: 'spaces' }, expected: { uai: '0860021F', format: 'csv', since: '2025-07-10', section: 'spaces' } },
    { raw: { uai: '', format: 'html' }, expected: { uai: null, format: 'html', since: null, section: 'users' } },
  ])('reads $raw', ({ raw, expected }) => {
    expect(parseQuotaReportQuery(raw, TODAY)).toEqual(expected);
  });

  it.each([
    { raw: { format: 'pdf' }, message: "querystring: format is invalid, expected one of csv, json, html (actual: 'pdf')" },
    { raw: { uai: '860021F' }, message: 'querystring: uai is invalid, expected a school code of 7 digits and an upper-case letter' },
    { raw: { since: '10/07/2025' }, message: 'querystring: since is invalid, expected a date YYYY-MM-DD' },
    { raw: { since: '2025-13-01' }, message: 'querystring: since is invalid, expected a date YYYY-MM-DD' },
    { raw: { since: '2025-07-11' }, message: 'querystring: since is invalid, expected a past date (today is 2025-07-10)' },
    { raw: { section: 'x' }, message: 'querystring: section is invalid, expected one of users, schools, spaces' },
    { raw: { foo: '1' }, message: 'querystring: foo is invalid, expected no such parameter (allowed: uai, format, since, section)' },
    { raw: { uai: ['0860021F', '0170001J'] }, message: 'querystring: uai is invalid, expected a single value' },
  ])('refuses $raw naming the field', ({ raw, message }) => {
    let caught: unknown;
    try {
      parseQuotaReportQuery(raw, TODAY);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_REPORT_QUERY_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});
