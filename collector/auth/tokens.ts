import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that makes a Vigie token recognisable in a config file or a leaked log. */
const TOKEN_PREFIX = 'vigie_';

/** A new random bearer token (256 bits). It is shown once and only its hash is stored. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of the token. Tokens are 256-bit random values, so a fast hash is enough
 * (there is nothing to brute-force, unlike a password).
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with an expected one. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Extracts the token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
