import { Type, type Static } from '@sinclair/typebox';
import { loadConfig, type EnvKeys, type LoadConfigInput } from '../shared/config/load-config.ts';
import { LivenessConfigSchema } from './config/liveness-config.ts';
import { NotifiersConfigSchema } from './notifiers/notifiers-config.ts';
import { ReportsConfigSchema } from './config/reports-config.ts';
import { EnrolmentConfigSchema } from './config/enrolment-config.ts';

/** The collector's configuration file (YAML). Every key can be overridden by a `VIGIE_COLLECTOR_*` variable. */
export const CollectorConfigSchema = Type.Object(
  {
    listen: Type.Object(
      {
        host: Type.String({ default: '127.0.0.1', description: 'Address to listen on.' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 9630, description: 'TCP port (0 = any free port).' }),
      },
      { default: {}, additionalProperties: false },
    ),
    databasePath: Type.String({
      minLength: 1,
      default: './var/vigie.db',
      description: 'SQLite database file (created with its folder if missing); `:memory:` for tests.',
    }),
    publicUrl: Type.String({
      pattern: '^https?://',
      default: 'http://127.0.0.1:9630',
      description: 'URL where people and Alertmanager reach this collector (used in links).',
    }),
    bodyLimitBytes: Type.Integer({
      minimum: 1024,
      default: 16 * 1024 * 1024,
      description: 'Largest accepted request body in bytes; larger pushes get 413.',
    }),
    adminToken: Type.Optional(
      Type.String({ minLength: 16, description: 'Bearer token for the read/admin API (servers, reports, silences).' }),
    ),
    liveness: LivenessConfigSchema,
    notifications: NotifiersConfigSchema,
    reports: ReportsConfigSchema,
    enrolment: EnrolmentConfigSchema,
    logLevel: Type.Union(
      [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')],
      { default: 'info', description: 'Log level.' },
    ),
  },
  { additionalProperties: false },
);
export type CollectorConfig = Readonly<Static<typeof CollectorConfigSchema>>;

/** Environment variables and the config key each one sets. */
const ENV_KEYS = {
  VIGIE_COLLECTOR_HOST: ['listen.host', 'string'],
  VIGIE_COLLECTOR_PORT: ['listen.port', 'integer'],
  VIGIE_COLLECTOR_DATABASE: ['databasePath', 'string'],
  VIGIE_COLLECTOR_PUBLIC_URL: ['publicUrl', 'string'],
  VIGIE_COLLECTOR_BODY_LIMIT_BYTES: ['bodyLimitBytes', 'integer'],
  VIGIE_COLLECTOR_ADMIN_TOKEN: ['adminToken', 'string'],
  VIGIE_COLLECTOR_LOG_LEVEL: ['logLevel', 'string'],
  VIGIE_COLLECTOR_REPORTS_READER_TOKEN: ['reports.readerToken', 'string'],
  VIGIE_COLLECTOR_REPORTS_RETENTION_DAYS: ['reports.snapshotRetentionDays', 'integer'],
  VIGIE_COLLECTOR_REPORTS_TOP_USERS: ['reports.topUsersPerServer', 'integer'],
} as const satisfies EnvKeys;

export type LoadCollectorConfigInput = LoadConfigInput;

/** Reads the file, applies `VIGIE_COLLECTOR_*` overrides and defaults, validates, freezes. */
export function loadCollectorConfig(input: LoadCollectorConfigInput): CollectorConfig {
  return Object.freeze(loadConfig(CollectorConfigSchema, ENV_KEYS, input, 'collector configuration').config);
}
