import { describe, expect, it } from 'vitest';
import { presentedToken } from '../../../../collector/auth/presented-token.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('presentedToken', () => {
  it.each([
    { name: 'no header', header: undefined, expected: { kind: 'missing' } },
    { name: 'another scheme', header: 'Digest username="x"', expected: { kind: 'missing' } },
    { name: 'Basic without credentials', header: 'Basic', expected: { kind: 'missing' } },
    { name: 'Bearer', header: 'Bearer abc.def_123', expected: { kind: 'token', token: 'abc.def_123' } },
    { name: 'bearer, lower case', header: 'bearer tok', expected: { kind: 'token', token: 'tok' } },
    { name: 'Basic: the password is the token', header: `Basic ${b64('ent:vigie_secret')}`, expected: { kind: 'token', token: 'vigie_secret' } },
    { name: 'Basic: empty user name', header: `Basic ${b64(':vigie_secret')}`, expected: { kind: 'token', token: 'vigie_secret' } },
    { name: 'Basic: the password keeps its colons', header: `Basic ${b64('ent:a:b')}`, expected: { kind: 'token', token: 'a:b' } },
    { name: 'Basic: UTF-8 user name', header: `basic ${b64('Hélène:tok')}`, expected: { kind: 'token', token: 'tok' } },
    { name: 'Basic: no colon', header: `Basic ${b64('vigie_secret')}`, expected: { kind: 'malformed' } },
    { name: 'Basic: empty password', header: `Basic ${b64('vigie_secret:')}`, expected: { kind: 'malformed' } },
    { name: 'Basic: not base64', header: 'Basic ***', expected: { kind: 'malformed' } },
    { name: 'Basic: bad padding', header: 'Basic YWJj=', expected: { kind: 'malformed' } },
  ])('$name', ({ header, expected }) => {
    expect(presentedToken(header)).toEqual(expected);
  });
});
