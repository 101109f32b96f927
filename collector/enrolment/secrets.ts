/**
 * Enrolment keys: random 256-bit secrets shown once; only their SHA-256 is stored. A presented key is compared
 * with every stored hash in constant time (`timingSafeEqual`), so neither the answer nor its timing says
 * whether a key exists.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that makes an enrolment key recognisable in a shell history or a leaked log. */
const KEY_PREFIX = 'vigie-enrol_';

export function generateEnrolmentKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The candidate whose hash is the presented secret's, comparing with all of them in constant time. */
export function findByHash<T extends { readonly keyHash: string }>(candidates: readonly T[], presented: string): T | undefined {
  const digest = Buffer.from(hashSecret(presented), 'hex');
  let found: T | undefined;
  for (const candidate of candidates) {
    const stored = Buffer.from(candidate.keyHash, 'hex');
    if (stored.length === digest.length && timingSafeEqual(stored, digest) && found === undefined) found = candidate;
  }
  return found;
}
