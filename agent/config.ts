import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../shared/errors.ts';
import { loadConfig, type EnvKeys, type LoadConfigInput } from '../shared/config/load-config.ts';
import { UpsConfigSchema } from './probes/ups/ups-config.ts';
import { ScanConfigSchema } from './schedule/scan-config.ts';

/** The agent's configuration file (YAML); every key can be overridden by a `VIGIE_*` variable. */
export const AgentConfigSchema = Type.Object(
  {
    collectorUrl: Type.String({
      pattern: '^https?://[^\\s/]+',
      default: 'http://127.0.0.1:9630',
      description: 'Base URL of the collector, e.g. https://vigie.ac-poitiers.fr',
    }),
    token: Type.Optional(Type.String({ minLength: 8, description: "This server's bearer token (from `vigie-collector servers add`)." })),
    tokenFile: Type.Optional(Type.String({ minLength: 1, description: 'File holding the token (instead of `token`).' })),
    uai: Type.Optional(Type.String({ description: 'Fallback school code when /etc/eole/config.eol has none.' })),
    machine: Type.Optional(Type.String({ description: 'Fallback machine name when config.eol has none (default: hostname).' })),
    rootDir: Type.String({
      minLength: 1,
      default: '/',
      description: 'Filesystem root under which /etc/eole, /home and /proc are read (tests point it at a fixture tree).',
    }),
    heartbeatIntervalSeconds: Type.Number({ minimum: 1, maximum: 3600, default: 60, description: 'Seconds between heartbeats.' }),
    heartbeatJitterRatio: Type.Number({
      minimum: 0,
      maximum: 0.5,
      default: 0.1,
      description: 'Beats come up to this fraction of the interval early (and the first one late), so a fleet does not push in step.',
    }),
    requestTimeoutMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000, description: 'Timeout of one push, in ms.' }),
    niceness: Type.Integer({ minimum: 0, maximum: 19, default: 10, description: 'CPU niceness of the agent process (scans run at 19).' }),
    logLevel: Type.Union(
      [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')],
      { default: 'info', description: 'Log level.' },
    ),
    scan: ScanConfigSchema,
    ups: UpsConfigSchema,
  },
  { additionalProperties: false },
);
export type AgentConfigFile = Static<typeof AgentConfigSchema>;
/** The validated configuration, with the token resolved. */
export type AgentConfig = Readonly<AgentConfigFile & { readonly token: string | undefined }>;

const ENV_KEYS = {
  VIGIE_COLLECTOR_URL: ['collectorUrl', 'string'],
  VIGIE_TOKEN: ['token', 'string'],
  VIGIE_TOKEN_FILE: ['tokenFile', 'string'],
  VIGIE_UAI: ['uai', 'string'],
  VIGIE_MACHINE: ['machine', 'string'],
  VIGIE_ROOT_DIR: ['rootDir', 'string'],
  VIGIE_HEARTBEAT_INTERVAL_SECONDS: ['heartbeatIntervalSeconds', 'number'],
  VIGIE_HEARTBEAT_JITTER_RATIO: ['heartbeatJitterRatio', 'number'],
  VIGIE_REQUEST_TIMEOUT_MS: ['requestTimeoutMs', 'integer'],
  VIGIE_NICENESS: ['niceness', 'integer'],
  VIGIE_LOG_LEVEL: ['logLevel', 'string'],
  VIGIE_SCAN_ENABLED: ['scan.enabled', 'boolean'],
  VIGIE_SCAN_CRON: ['scan.cron', 'string'],
  VIGIE_SCAN_TIMEZONE: ['scan.timezone', 'string'],
  VIGIE_SCAN_BUDGET_SECONDS: ['scan.budgetSeconds', 'integer'],
  VIGIE_SCAN_WALKER: ['scan.walker', 'string'],
  VIGIE_UPS_ENABLED: ['ups.enabled', 'string'],
  VIGIE_UPS_NAME: ['ups.name', 'string'],
  VIGIE_UPS_HOST: ['ups.host', 'string'],
} as const satisfies EnvKeys;

export type LoadAgentConfigInput = LoadConfigInput;

/** Reads the YAML file, applies `VIGIE_*` overrides and defaults, validates every key, resolves the token. */
export function loadAgentConfig(input: LoadAgentConfigInput): AgentConfig {
  const { config: cfg, source, readFile } = loadConfig(AgentConfigSchema, ENV_KEYS, input, 'agent configuration');
  if (cfg.requestTimeoutMs >= cfg.heartbeatIntervalSeconds * 1000) {
    throw new AppError(
      'ERR_CONFIG_INVALID',
      `${source}: requestTimeoutMs is invalid, expected less than heartbeatIntervalSeconds × 1000 = ${cfg.heartbeatIntervalSeconds * 1000} (actual: ${cfg.requestTimeoutMs})`,
    );
  }
  let token = cfg.token;
  if (token === undefined && cfg.tokenFile !== undefined) {
    try {
      token = readFile(cfg.tokenFile).trim();
    } catch (err) {
      throw new AppError('ERR_CONFIG_UNREADABLE', `${source}: tokenFile is invalid, expected a readable file (actual: '${cfg.tokenFile}': ${(err as Error).message})`);
    }
  }
  return Object.freeze({ ...cfg, token });
}
