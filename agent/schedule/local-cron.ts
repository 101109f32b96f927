// A small cron for the scan scheduler, in place of node-cron: node-cron evaluates every tick through
// `Intl.DateTimeFormat` with a time zone, which pages in ICU's locale data for good: ≈ 9 MB of resident memory
// in a daemon that is idle all day (docs/BENCHMARKS.md, Footprint). This one reads the wall clock with Date's
// local-time methods, the process's time zone being set to the scan's (TZ), which costs ≈ 1 MB.
// Same expressions as node-cron: 5 fields, or 6 with seconds first; numbers, `*`, ranges `a-b`, steps `*/n` and
// `a-b/n`, lists, and names for months (jan–dec) and week days (sun–sat, 0 or 7 = Sunday). Every field must match
// (node-cron's rule, also when both day of month and day of week are restricted).
import type { Clock } from '../../shared/clock.ts';
import type { CronLike } from './scan-scheduler.ts';

interface Field {
  min: number;
  max: number;
  names?: readonly string[];
}

const SECOND: Field = { min: 0, max: 59 };
const FIELDS: readonly Field[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] }, // day of week
];

/** Allowed values of each field: seconds, minutes, hours, days of month, months (1–12), days of week (0–6). */
export type CronSpec = readonly [ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>, ReadonlySet<number>];

function value(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (field.min === 1 ? 1 : 0);
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

function parseField(text: string, field: Field): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|[^-/]+(?:-[^-/]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return undefined;
    let lo: number | undefined = field.min;
    let hi: number | undefined = field.max;
    if (m[1] !== '*') {
      const [a, b] = m[1]!.split('-');
      lo = value(a!, field);
      hi = b === undefined ? (m[2] === undefined ? lo : field.max) : value(b, field);
      if (lo === undefined || hi === undefined || hi < lo) return undefined;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** The expression's allowed values, or undefined when it is not a valid cron expression. */
export function parseCron(expression: string): CronSpec | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const seconds = parts.length === 6 ? parseField(parts.shift()!, SECOND) : new Set([0]);
  const fields = parts.map((p, i) => parseField(p, FIELDS[i]!));
  if (seconds === undefined || fields.some((f) => f === undefined)) return undefined;
  const [minutes, hours, days, months, weekdays] = fields as Set<number>[];
  if (weekdays!.delete(7)) weekdays!.add(0);
  return [seconds, minutes!, hours!, days!, months!, weekdays!];
}

/** The first local time strictly after `after` that matches, within the next 5 years (else undefined). */
export function nextMatch(spec: CronSpec, after: Date): Date | undefined {
  const [seconds, minutes, hours, days, months, weekdays] = spec;
  const t = new Date(after.getTime() - (after.getTime() % 1000) + 1000);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!months.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0);
    } else if (!days.has(t.getDate()) || !weekdays.has(t.getDay())) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0);
    } else if (!hours.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0);
    } else if (!minutes.has(t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0);
    } else if (!seconds.has(t.getSeconds())) {
      t.setSeconds(t.getSeconds() + 1);
    } else {
      return t;
    }
  }
  return undefined;
}

/** Longest setTimeout delay Node accepts; longer waits are re-armed. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Makes local time the zone's: TZ is process-wide state, and this module is its only user. */
function useTimeZone(timezone: string): void {
  // eslint-disable-next-line no-restricted-properties -- setting TZ, not reading configuration
  if (process.env['TZ'] !== timezone) process.env['TZ'] = timezone;
}

/**
 * The scheduler's cron, on `clock` (the system clock: it waits with real timers). `schedule` sets the process's
 * time zone (TZ) to `timezone`: the agent has no other use of local time (its logs and messages carry UTC instants).
 */
export function createLocalCron(clock: Clock): CronLike {
  const now = (): number => clock.now().getTime();
  return {
    validate: (expression) => parseCron(expression) !== undefined,
    schedule(expression, fn, options) {
      const spec = parseCron(expression);
      if (spec === undefined) throw new Error(`invalid cron expression '${expression}'`);
      useTimeZone(options.timezone);
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      // Like node-cron, a tick fires even while the previous one still runs (the scheduler counts it as skipped).
      const arm = (from: Date): void => {
        const next = nextMatch(spec, from);
        if (next === undefined || stopped) return;
        const target = next.getTime();
        const wait = (): void => {
          timer = setTimeout(() => {
            if (now() < target) return wait();
            arm(next);
            fn().catch(() => undefined); // the scheduler's tick logs its own errors
          }, Math.min(Math.max(target - now(), 0), MAX_DELAY_MS));
        };
        wait();
      };
      arm(clock.now());
      return {
        stop() {
          stopped = true;
          clearTimeout(timer);
        },
      };
    },
  };
}
