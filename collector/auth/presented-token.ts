/**
 * The token a reader presents, read from an `Authorization` header: `Bearer <token>` (scripts, curl), or HTTP
 * Basic auth whose password is the token and whose user name is ignored (browsers, which prompt for Basic
 * credentials on a `WWW-Authenticate: Basic` challenge).
 */
import { bearerToken } from './tokens.ts';

/** What the header held: a token, nothing usable (absent or another scheme), or a Basic value that does not decode. */
export type PresentedToken =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' };

/** The challenge that makes a browser ask for a user name and password (RFC 7617, UTF-8 credentials). */
export const BASIC_CHALLENGE = 'Basic realm="Vigie", charset="UTF-8"';

export function presentedToken(header: string | undefined): PresentedToken {
  const bearer = bearerToken(header);
  if (bearer !== undefined) return { kind: 'token', token: bearer };
  const basic = header === undefined ? null : /^Basic\s+(\S+)\s*$/i.exec(header);
  if (basic === null) return { kind: 'missing' };
  const encoded = basic[1]!;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return { kind: 'malformed' };
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // RFC 7617: the user name cannot contain a colon, the password can; an empty password is no token.
  if (colon < 0 || colon === decoded.length - 1) return { kind: 'malformed' };
  return { kind: 'token', token: decoded.slice(colon + 1) };
}
