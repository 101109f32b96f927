import { describe, expect, it } from 'vitest';
import { splitCredentials } from '../../../../collector/notifiers/http-post.ts';

describe('splitCredentials', () => {
  it.each([
    ['no credentials', 'http://am:9093/api/v2/alerts', { url: 'http://am:9093/api/v2/alerts' }],
    ['user and password', 'http://vigie:pw@am:9093/x', { url: 'http://am:9093/x', authorization: `Basic ${Buffer.from('vigie:pw').toString('base64')}` }],
    ['percent-encoded password', 'https://vigie:s%40c%3Ar@am/', { url: 'https://am/', authorization: `Basic ${Buffer.from('vigie:s@c:r').toString('base64')}` }],
    ['user only', 'http://token@am/', { url: 'http://am/', authorization: `Basic ${Buffer.from('token:').toString('base64')}` }],
  ])('%s', (_name, input, expected) => {
    expect(splitCredentials(input)).toEqual(expected);
  });

  it('throws on an invalid URL (postJson turns it into a permanent failure)', () => {
    expect(() => splitCredentials('http://')).toThrow();
  });
});
