import { Type, type Static } from '@sinclair/typebox';
import { loadConfig, type EnvKeys, type LoadConfigInput } from '../shared/config/load-config.ts';
import { LivenessConfigSchema, toLivenessSettings, type LivenessSettings } from './config/liveness-config.ts';
import { NotifiersConfigSchema } from './notifiers/notifiers-config.ts';
import { ReportsConfigSchema } from './config/reports-config.ts';
import { EnrolmentConfigSchema } from './config/enrolment-config.ts';
import { IngestRateLimitConfigSchema, MetricsConfigSchema, TlsConfigSchema } from './config/security-config.ts';

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
      description: 'SQLite database file (created with its folder if missing); `:memory:` for tests. Not used when databaseUrl is set.',
    }),
    databaseUrl: Type.Optional(
      Type.String({
        pattern: '^postgres(ql)?://',
        description:
          'PostgreSQL connection URL, e.g. postgres://vigie:<password>@db.example:5432/vigie; when set, the collector stores its data in PostgreSQL (migrated at start; several collectors may share it) instead of the SQLite file of databasePath.',
      }),
    ),
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
    connectionTimeoutMs: Type.Integer({
      minimum: 1000,
      maximum: 3_600_000,
      default: 120_000,
      description: 'A connection that sends or receives nothing for this many milliseconds is closed.',
    }),
    requestTimeoutMs: Type.Integer({
      minimum: 1000,
      maximum: 3_600_000,
      default: 300_000,
      description: 'Milliseconds a client has to send a whole request (a large report over a slow school link).',
    }),
    keepAliveTimeoutMs: Type.Integer({
      minimum: 1000,
      maximum: 600_000,
      default: 72_000,
      description: 'An idle keep-alive connection is closed after this many milliseconds.',
    }),
    instanceId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9._:@-]+$',
        description: 'Name of this collector among those sharing one database (default: host name and process id).',
      }),
    ),
    adminToken: Type.Optional(
      Type.String({ minLength: 16, description: 'Bearer token for the read/admin API (servers, reports, silences).' }),
    ),
    liveness: LivenessConfigSchema,
    notifications: NotifiersConfigSchema,
    reports: ReportsConfigSchema,
    enrolment: EnrolmentConfigSchema,
    metrics: MetricsConfigSchema,
    tls: Type.Optional(TlsConfigSchema),
    ingestRateLimit: IngestRateLimitConfigSchema,
    logLevel: Type.Union(
      [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')],
      { default: 'info', description: 'Log level.' },
    ),
  },
  { additionalProperties: false },
);
/** The keys of the configuration file, validated, with their defaults. */
export type CollectorConfigValues = Readonly<Static<typeof CollectorConfigSchema>>;

/**
 * The collector's configuration: the validated keys, and the settings derived from them once, when the
 * configuration is loaded (a bad maintenance window fails there, not on the first request).
 */
export type CollectorConfig = CollectorConfigValues & {
  /** `liveness` as the services use it: deadlines, alert policy, maintenance windows and their resolver. */
  readonly livenessSettings: LivenessSettings;
};

/** Environment variables and the config key each one sets. */
const ENV_KEYS = {
  VIGIE_COLLECTOR_HOST: ['listen.host', 'string'],
  VIGIE_COLLECTOR_PORT: ['listen.port', 'integer'],
  VIGIE_COLLECTOR_DATABASE: ['databasePath', 'string'],
  VIGIE_COLLECTOR_DATABASE_URL: ['databaseUrl', 'string'],
  VIGIE_COLLECTOR_INSTANCE_ID: ['instanceId', 'string'],
  VIGIE_COLLECTOR_PUBLIC_URL: ['publicUrl', 'string'],
  VIGIE_COLLECTOR_BODY_LIMIT_BYTES: ['bodyLimitBytes', 'integer'],
  VIGIE_COLLECTOR_CONNECTION_TIMEOUT_MS: ['connectionTimeoutMs', 'integer'],
  VIGIE_COLLECTOR_REQUEST_TIMEOUT_MS: ['requestTimeoutMs', 'integer'],
  VIGIE_COLLECTOR_KEEP_ALIVE_TIMEOUT_MS: ['keepAliveTimeoutMs', 'integer'],
  VIGIE_COLLECTOR_ADMIN_TOKEN: ['adminToken', 'string'],
  VIGIE_COLLECTOR_LOG_LEVEL: ['logLevel', 'string'],
  VIGIE_COLLECTOR_REPORTS_READER_TOKEN: ['reports.readerToken', 'string'],
  VIGIE_COLLECTOR_REPORTS_RETENTION_DAYS: ['reports.snapshotRetentionDays', 'integer'],
  VIGIE_COLLECTOR_REPORTS_TOP_USERS: ['reports.topUsersPerServer', 'integer'],
  VIGIE_COLLECTOR_METRICS_BEARER_TOKEN: ['metrics.bearerToken', 'string'],
  VIGIE_COLLECTOR_TLS_CERT_FILE: ['tls.certFile', 'string'],
  VIGIE_COLLECTOR_TLS_KEY_FILE: ['tls.keyFile', 'string'],
  VIGIE_COLLECTOR_INGEST_RATE_MAX: ['ingestRateLimit.max', 'integer'],
  VIGIE_COLLECTOR_INGEST_RATE_WINDOW_SECONDS: ['ingestRateLimit.windowSeconds', 'integer'],
} as const satisfies EnvKeys;

export type LoadCollectorConfigInput = LoadConfigInput;

/**
 * Reads the file, applies `VIGIE_COLLECTOR_*` overrides and defaults, validates, derives the liveness
 * settings (throws `ERR_CONFIG_INVALID` naming the key), freezes.
 */
export function loadCollectorConfig(input: LoadCollectorConfigInput): CollectorConfig {
  const values = loadConfig(CollectorConfigSchema, ENV_KEYS, input, 'collector configuration').config;
  return Object.freeze({ ...values, livenessSettings: toLivenessSettings(values.liveness) });
}
