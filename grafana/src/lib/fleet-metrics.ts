// Which collector metrics describe the fleet (read from the shared database at scrape time, identical on every
// collector instance) and which describe one collector process; and the static check that every fleet metric is
// de-duplicated across instances before it is used (docs/GRAFANA.md « Two or more collectors »).

/**
 * Fleet metrics: filled from the store at scrape time. Several collectors sharing one PostgreSQL all expose the
 * same series with the same values (counters included: they are counted from stored rows), so Prometheus holds
 * one copy per collector instance and every query must de-duplicate them (`max without (instance)`).
 * Every `scribe_*` metric, plus three `vigie_*` ones read from the store (enrolled servers, the outbox).
 */
export const FLEET_METRIC_RE = /\b(?:scribe_[a-zA-Z0-9_]+|vigie_enrolled_servers|vigie_notifications_total|vigie_notifications_pending)\b/;

/**
 * Instance metrics: counted by one collector process (HTTP requests, pushes it received, prom-client's process
 * and Node.js metrics). Sum them across instances for a total, or keep `instance` for a per-process view.
 */
export const INSTANCE_METRIC_RE = /^(?:vigie_pushes_total|vigie_http_request_duration_seconds(?:_bucket|_sum|_count)?|vigie_process_[a-z0-9_]+|vigie_nodejs_[a-z0-9_]+)$/;

/** Whether a metric name is a fleet metric. */
export function isFleetMetric(name: string): boolean {
  const m = new RegExp(`^(?:${FLEET_METRIC_RE.source})$`).exec(name);
  return m !== null;
}

/** Functions that may sit between the de-duplicating `max` and a fleet selector (they keep one series per input). */
const RANGE_OR_ELEMENTWISE = 'rate|irate|increase|delta|idelta|changes|resets|deriv|avg_over_time|min_over_time|max_over_time|last_over_time|abs';

/**
 * The fleet selectors of `expr` that are not de-duplicated across collector instances. A fleet selector
 * (`name` or `name{…}`, a range `[…]` allowed) is de-duplicated when it is the whole argument of a `max`
 * that drops `instance`, directly or through one range/element-wise function:
 * `max without (instance) (x{…})`, `max by (uai, server) (x)`, `max(x)`, `max without (instance) (increase(x[5m]))`.
 * Anything else (`sum(x)`, `x * on (uai) group_left y`, `max without (instance) (x / y)`, `topk(3, x)`) is
 * reported: two instances would double a sum, and a join on other labels would meet two copies (many-to-many).
 * Recording rule names (`level:metric:ops`) are never reported: they are computed from de-duplicated series.
 */
export function undeduplicatedFleetSelectors(expr: string): string[] {
  const found: string[] = [];
  const nameRe = new RegExp(FLEET_METRIC_RE.source, 'g');
  for (const m of expr.matchAll(nameRe)) {
    const start = m.index;
    const before = expr[start - 1];
    // Part of a longer identifier, a recording rule name (`…:scribe_x:…`), or a label name/value.
    if (before !== undefined && /[a-zA-Z0-9_:"]/.test(before)) continue;
    if (expr[start + m[0].length] === ':') continue;
    let end = start + m[0].length;
    const brace = skipSpaces(expr, end);
    if (expr[brace] === '{') end = skipBalanced(expr, brace, '{', '}');
    const bracket = skipSpaces(expr, end);
    if (expr[bracket] === '[') end = skipBalanced(expr, bracket, '[', ']');
    const selector = expr.slice(start, end);
    if (!isDeduplicated(expr, start, end)) found.push(selector);
  }
  return found;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i] ?? '')) i += 1;
  return i;
}

/** Index just after the bracket that closes the one at `i` (quoted strings skipped). */
function skipBalanced(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < s.length; j += 1) {
    const c = s[j];
    if (c === '"' || c === "'" || c === '`') {
      j = s.indexOf(c, j + 1);
      if (j < 0) return s.length;
      continue;
    }
    if (c === open) depth += 1;
    if (c === close) {
      depth -= 1;
      if (depth === 0) return j + 1;
    }
  }
  return s.length;
}

/** `s[start, end)` is a selector: is it the whole argument of a de-duplicating max (maybe through one function)? */
function isDeduplicated(s: string, start: number, end: number): boolean {
  const inner = enclosing(s, start, end);
  if (inner === undefined) return false;
  if (dedupMax(s.slice(0, inner.open))) return true;
  // One function call in between: `fn(selector)` as the whole argument of the max.
  const fn = new RegExp(`(?:${RANGE_OR_ELEMENTWISE})\\s*$`).exec(s.slice(0, inner.open));
  if (fn === null) return false;
  const outer = enclosing(s, fn.index, inner.close + 1);
  return outer !== undefined && dedupMax(s.slice(0, outer.open));
}

/** The parentheses around exactly `s[start, end)` (only spaces between), or undefined. */
function enclosing(s: string, start: number, end: number): { open: number; close: number } | undefined {
  let open = start - 1;
  while (open >= 0 && /\s/.test(s[open] ?? '')) open -= 1;
  const close = skipSpaces(s, end);
  if (s[open] !== '(' || s[close] !== ')') return undefined;
  return { open, close };
}

/** Does `prefix` end with `max`, `max without (…instance…)` or `max by (…)` without `instance`? */
function dedupMax(prefix: string): boolean {
  const m = /\bmax\s*(?:(without|by)\s*\(([^)]*)\)\s*)?$/.exec(prefix);
  if (m === null) return false;
  const labels = (m[2] ?? '').split(',').map((l) => l.trim());
  if (m[1] === 'without') return labels.includes('instance');
  return !labels.includes('instance');
}
