import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_AFTER_MS,
  classifyError,
  classifyHttpStatus,
  describeError,
  isRetryableHttpStatus,
  parseRetryAfterMs,
} from '../../../../collector/notifiers/is-retryable.ts';

const now = new Date('2025-07-12T12:00:00Z');

describe('isRetryableHttpStatus', () => {
  it.each([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, true],
    [410, false],
    [413, false],
    [422, false],
    [425, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
    [301, false],
  ])('HTTP %d → %s', (status, expected) => {
    expect(isRetryableHttpStatus(status)).toBe(expected);
  });
});

describe('parseRetryAfterMs', () => {
  it.each<[string, string | string[] | undefined, number | undefined]>([
    ['absent', undefined, undefined],
    ['empty', '  ', undefined],
    ['delay-seconds', '120', 120_000],
    ['zero', '0', 0],
    ['padded', ' 7 ', 7_000],
    ['first of several values', ['3', '9'], 3_000],
    ['HTTP date in the future', 'Sat, 12 Jul 2025 12:01:30 GMT', 90_000],
    ['HTTP date in the past', 'Sat, 12 Jul 2025 11:00:00 GMT', 0],
    ['huge delay is clamped', '999999', MAX_RETRY_AFTER_MS],
    ['decimal is not valid', '1.5', undefined],
    ['negative is not valid', '-3', undefined],
    ['garbage', 'soon', undefined],
  ])('%s', (_name, header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});

describe('classifyHttpStatus', () => {
  it.each([
    [200, undefined, '', { status: 'sent' }],
    [204, undefined, '', { status: 'sent' }],
    [400, undefined, 'bad label', { status: 'failed', error: 'Alertmanager answered HTTP 400: bad label' }],
    [401, undefined, '', { status: 'failed', error: 'Alertmanager answered HTTP 401' }],
    [429, '30', '', { status: 'retryable', error: 'Alertmanager answered HTTP 429', retryInMs: 30_000 }],
    [503, undefined, ' busy \n', { status: 'retryable', error: 'Alertmanager answered HTTP 503: busy' }],
  ])('HTTP %d (Retry-After %s)', (status, retryAfter, body, expected) => {
    expect(classifyHttpStatus('Alertmanager', status, retryAfter, now, body)).toEqual(expected);
  });

  it('truncates a long body', () => {
    const result = classifyHttpStatus('peer', 500, undefined, now, 'x'.repeat(1_000));
    expect(result.status).toBe('retryable');
    expect((result as { error: string }).error.length).toBeLessThan(230);
  });
});

function withCode(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('classifyError', () => {
  it.each<[string, unknown, 'retryable' | 'failed']>([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'retryable'],
    ['reset', withCode('socket hang up', 'ECONNRESET'), 'retryable'],
    ['DNS failure', withCode('getaddrinfo ENOTFOUND am.example', 'ENOTFOUND'), 'retryable'],
    ['undici connect timeout', withCode('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'), 'retryable'],
    ['undici headers timeout', withCode('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'), 'retryable'],
    ['abort timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'retryable'],
    ['wrapped cause', new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }), 'retryable'],
    ['invalid URL', withCode('Invalid URL', 'ERR_INVALID_URL'), 'failed'],
    ['undici invalid argument', withCode('invalid method', 'UND_ERR_INVALID_ARG'), 'failed'],
    ['SMTP 421 service unavailable', withCode('421 Try again later', 'EENVELOPE', { responseCode: 421 }), 'retryable'],
    ['SMTP 451 local error', withCode('451 Temporary failure', 'EMESSAGE', { responseCode: 451 }), 'retryable'],
    ['SMTP 550 mailbox unavailable', withCode('550 No such user', 'EENVELOPE', { responseCode: 550 }), 'failed'],
    ['SMTP 535 authentication failed', withCode('Invalid login: 535', 'EAUTH', { responseCode: 535 }), 'failed'],
    ['SMTP connection error', withCode('Connection closed', 'ECONNECTION'), 'retryable'],
    ['SMTP greeting timeout', withCode('Greeting never received', 'ETIMEDOUT'), 'retryable'],
    ['no recipients', withCode('No recipients defined', 'EENVELOPE'), 'failed'],
    ['a string thrown', 'boom', 'retryable'],
    ['null thrown', null, 'retryable'],
  ])('%s → %s', (_name, err, expected) => {
    const result = classifyError('peer', err);
    expect(result.status).toBe(expected);
    expect((result as { error: string }).error).toMatch(/^peer: /);
  });
});

describe('describeError', () => {
  it.each<[unknown, string]>([
    [withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'connect ECONNREFUSED 127.0.0.1:9'],
    [withCode('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'), 'Headers Timeout Error (UND_ERR_HEADERS_TIMEOUT)'],
    [new TypeError('fetch failed', { cause: withCode('x', 'ECONNRESET') }), 'fetch failed (ECONNRESET)'],
    ['multi\nline', 'multi line'],
  ])('%#', (err, expected) => {
    expect(describeError(err)).toBe(expected);
  });
});
