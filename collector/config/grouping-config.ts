/**
 * Grouping of notices (key `notifications.grouping` of the collector YAML; docs/NOTIFICATIONS.md « Grouped
 * notices »): on the e-mail and webhook channels, the notices of one kind that fall due within `delaySeconds`
 * of the first one are sent as one message, and at most `maxPerHourPerChannel` messages go out per hour per
 * channel (the rest wait and are folded into the next one). Alertmanager is not concerned: it groups on its own.
 *
 * ```yaml
 * notifications:
 *   grouping:
 *     delaySeconds: 30          # 0 = no grouping (one message per notice, no cap)
 *     maxPerHourPerChannel: 20
 * ```
 */
import { Type, type Static } from '@sinclair/typebox';
import { NO_SCHOOL_PLACES, type SchoolPlace } from '../domain/school-place.ts';

export const DEFAULT_GROUPING_DELAY_SECONDS = 30;
export const DEFAULT_MAX_PER_HOUR_PER_CHANNEL = 20;

export const GroupingConfigSchema = Type.Object(
  {
    delaySeconds: Type.Integer({
      minimum: 0,
      maximum: 3600,
      default: DEFAULT_GROUPING_DELAY_SECONDS,
      description: 'seconds a notice waits for others to group with, 0 to 3600 (0 = no grouping)',
    }),
    maxPerHourPerChannel: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      default: DEFAULT_MAX_PER_HOUR_PER_CHANNEL,
      description: 'grouped messages per hour and channel, 1 to 10000',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type GroupingConfigRaw = Static<typeof GroupingConfigSchema>;

/**
 * The inventory's answer for a UAI, possibly read from the store (asynchronous); the group dispatcher reads the
 * places of a batch's schools before planning its message (the plan itself takes a synchronous lookup).
 */
export type SchoolPlaceSource = (uai: string) => SchoolPlace | undefined | Promise<SchoolPlace | undefined>;

/** Grouping as the dispatcher uses it. */
export interface GroupingSettings {
  /** How long a notice waits for others (0: grouping off). */
  readonly delayMs: number;
  readonly maxPerHourPerChannel: number;
  /** The school inventory, if any: communes and départements in titles (the département also comes from the UAI). */
  readonly lookup: SchoolPlaceSource;
}

/** Grouping off: every notice is sent on its own, at once, without a cap. */
export const NO_GROUPING: GroupingSettings = { delayMs: 0, maxPerHourPerChannel: DEFAULT_MAX_PER_HOUR_PER_CHANNEL, lookup: NO_SCHOOL_PLACES };

/** The settings from the validated key (defaults when the key is absent). */
export function toGroupingSettings(raw: Partial<GroupingConfigRaw> | undefined, lookup: SchoolPlaceSource = NO_SCHOOL_PLACES): GroupingSettings {
  return {
    delayMs: (raw?.delaySeconds ?? DEFAULT_GROUPING_DELAY_SECONDS) * 1000,
    maxPerHourPerChannel: raw?.maxPerHourPerChannel ?? DEFAULT_MAX_PER_HOUR_PER_CHANNEL,
    lookup,
  };
}
