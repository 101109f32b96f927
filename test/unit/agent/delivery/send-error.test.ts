import { describe, expect, it } from 'vitest';
import { describeSendError } from '../../../../agent/delivery/send-error.ts';
import { tryOrder } from '../../../../agent/delivery/sender.ts';

const err = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('describeSendError', () => {
  it('names the CA problem and the CA file checked', () => {
    expect(describeSendError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { url: 'https://vigie.fr', caFile: '/etc/vigie/ca.pem' })).toBe(
      'TLS: the certificate of https://vigie.fr is not signed by a trusted CA (checked against the CA file /etc/vigie/ca.pem) [UNABLE_TO_VERIFY_LEAF_SIGNATURE]',
    );
    expect(describeSendError(err('SELF_SIGNED_CERT_IN_CHAIN'), { url: 'https://vigie.fr' })).toContain("checked against the system's CAs");
  });

  it('finds the code in a wrapped cause and names the proxy', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { code: 'UND_ERR_SOCKET', cause: err('DEPTH_ZERO_SELF_SIGNED_CERT') });
    expect(describeSendError(wrapped, { url: 'https://v', proxy: 'http://p:3128' })).toMatch(/not signed by a trusted CA .* via proxy http:\/\/p:3128/);
  });

  it.each([
    ['CERT_HAS_EXPIRED', 'out of its validity dates'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'does not name this host'],
    ['ECONNREFUSED', 'ECONNREFUSED: boom (https://v)'],
  ])('%s', (code, fragment) => {
    expect(describeSendError(err(code), { url: 'https://v' })).toContain(fragment);
  });
});

describe('tryOrder (several collector URLs)', () => {
  it.each<[number, number, number[]]>([
    [1, 0, [0]],
    [3, 0, [0, 1, 2]],
    [3, 2, [2, 0, 1]],
    [3, 1, [1, 0, 2]],
  ])('%i URLs, sticking to %i → %j', (count, current, expected) => {
    expect(tryOrder(count, current)).toEqual(expected);
  });
});
