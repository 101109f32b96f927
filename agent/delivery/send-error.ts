// Turns a failed push's exception into one line a school's IT staff can act on, naming TLS and proxy problems.

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

export interface SendErrorContext {
  readonly url: string;
  /** The `caFile` in use, if any (named in TLS messages). */
  readonly caFile?: string | undefined;
  /** The proxy in use, if any. */
  readonly proxy?: string | undefined;
}

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_')) return code;
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** One line: what went wrong and where. */
export function describeSendError(err: unknown, ctx: SendErrorContext): string {
  const e = err as Error;
  const code = codeOf(err) ?? e.name;
  const via = ctx.proxy === undefined ? '' : ` via proxy ${ctx.proxy}`;
  const trusted = ctx.caFile === undefined ? "the system's CAs" : `the CA file ${ctx.caFile}`;
  if (UNTRUSTED.has(code)) {
    return `TLS: the certificate of ${ctx.url} is not signed by a trusted CA (checked against ${trusted})${via} [${code}]`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `TLS: the certificate of ${ctx.url} is out of its validity dates${via} [${code}]`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: the certificate of ${ctx.url} does not name this host${via} [${code}]`;
  return `${code}: ${e.message}${via} (${ctx.url})`;
}
