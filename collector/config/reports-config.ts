/**
 * The reports part of the collector configuration (key `reports` of the YAML file): how long daily report
 * snapshots are kept, the capped per-user top-N in Prometheus, and who may read the quota report.
 *
 * ```yaml
 * reports:
 *   snapshotRetentionDays: 400   # one snapshot per server and day (Europe/Paris), for growth comparisons
 *   topUsersPerServer: 10        # scribe_quota_top_user_used_bytes series per server; 0 disables
 *   readerToken: "…"             # optional read-only token for GET /api/v1/reports/* (the admin token works too)
 *   largestSpaces: 20            # rows of the "largest spaces" table
 *   htmlMaxUserRows: 5000        # users listed on the HTML page (the CSV always lists them all)
 * ```
 */
import { Type, type Static } from '@sinclair/typebox';

export const DEFAULT_SNAPSHOT_RETENTION_DAYS = 400;
export const DEFAULT_TOP_USERS_PER_SERVER = 10;

export const ReportsConfigSchema = Type.Object(
  {
    snapshotRetentionDays: Type.Integer({
      minimum: 1,
      maximum: 3660,
      default: DEFAULT_SNAPSHOT_RETENTION_DAYS,
      description: 'Days a daily report snapshot is kept (the latest report of each server is always kept).',
    }),
    topUsersPerServer: Type.Integer({
      minimum: 0,
      maximum: 100,
      default: DEFAULT_TOP_USERS_PER_SERVER,
      description: 'Largest quota users exposed per server as scribe_quota_top_user_used_bytes; 0 disables.',
    }),
    readerToken: Type.Optional(
      Type.String({ minLength: 16, description: 'Read-only bearer token for the report API (the admin token is accepted too).' }),
    ),
    largestSpaces: Type.Integer({ minimum: 0, maximum: 1000, default: 20, description: 'Rows of the "largest spaces" table.' }),
    htmlMaxUserRows: Type.Integer({
      minimum: 1,
      default: 5000,
      description: 'Users listed on the HTML report page (the CSV and JSON always have them all).',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type ReportsConfig = Readonly<Static<typeof ReportsConfigSchema>>;
