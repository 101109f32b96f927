/** The user name and password of an `Authorization: Basic …` header (RFC 7617), or undefined. */
export function basicCredentials(header: string | undefined): { readonly username: string; readonly password: string } | undefined {
  const basic = header === undefined ? null : /^Basic\s+(\S+)\s*$/i.exec(header);
  if (basic === null) return undefined;
  const encoded = basic[1]!;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
