import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../shared/errors.ts';
import { loadConfig, type EnvKeys, type LoadConfigInput } from '../shared/config/load-config.ts';
import { UpsConfigSchema } from './probes/ups/ups-config.ts';
import { ScanConfigSchema } from './schedule/scan-config.ts';

const URL_PATTERN = '^https?://[^\\s/]+';
const DEFAULT_COLLECTOR_URL = 'http://127.0.0.1:9630';

/** The agent's configuration file (YAML); every key can be overridden by a `VIGIE_*` variable. */
export const AgentConfigSchema = Type.Object(
  {
    collectorUrl: Type.Optional(
      Type.String({ pattern: URL_PATTERN, description: 'Base URL of the collector, e.g. https://vigie.ac-poitiers.fr (one URL: alias of collectorUrls)' }),
    ),
    collectorUrls: Type.Optional(
      Type.Array(Type.String({ pattern: URL_PATTERN }), {
        minItems: 1,
        maxItems: 8,
        description: 'Collector base URLs tried in order; the agent sticks to the one that answers',
      }),
    ),
    caFile: Type.Optional(Type.String({ minLength: 1, description: "PEM file of the CA(s) that signed the collector's certificate (e.g. the académie's PKI), instead of the system's" })),
    proxy: Type.Optional(
      Type.Object(
        {
          url: Type.Optional(Type.String({ pattern: URL_PATTERN, description: 'HTTP(S) proxy, e.g. http://proxy.ac-poitiers.fr:3128' })),
          noProxy: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Hosts reached without the proxy (NO_PROXY syntax: host, .domain, *)' })),
        },
        { additionalProperties: false, description: 'Proxy to the collector; wins over HTTPS_PROXY/NO_PROXY and over the EOLE proxy of config.eol' },
      ),
    ),
    stateDir: Type.String({
      minLength: 1,
      default: '/var/lib/vigie',
      description: 'Where the agent keeps its state (state.json) and its spool of unsent events and reports (spool/)',
    }),
    spool: Type.Object(
      {
        maxBytes: Type.Integer({ minimum: 1024, maximum: 1024 ** 3, default: 64 * 1024 ** 2, description: 'Bytes the spool may hold' }),
        maxMessages: Type.Integer({ minimum: 1, maximum: 100_000, default: 500, description: 'Messages the spool may hold' }),
      },
      { additionalProperties: false, default: {}, description: 'Bounds of the spool; past them the oldest report goes first, then the oldest event' },
    ),
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
/** The validated configuration, with the token, the collector URLs and the CA file resolved. */
export type AgentConfig = Readonly<
  Omit<AgentConfigFile, 'collectorUrl' | 'collectorUrls'> & {
    readonly token: string | undefined;
    /** Tried in order (at least one). */
    readonly collectorUrls: readonly string[];
    /** The first of `collectorUrls`. */
    readonly collectorUrl: string;
    /** Contents of `caFile` (PEM), if set. */
    readonly ca: string | undefined;
  }
>;

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
  VIGIE_SCAN_CATCH_UP_DELAY_SECONDS: ['scan.catchUpDelaySeconds', 'integer'],
  VIGIE_CA_FILE: ['caFile', 'string'],
  VIGIE_STATE_DIR: ['stateDir', 'string'],
  VIGIE_SPOOL_MAX_BYTES: ['spool.maxBytes', 'integer'],
  VIGIE_SPOOL_MAX_MESSAGES: ['spool.maxMessages', 'integer'],
  VIGIE_UPS_ENABLED: ['ups.enabled', 'string'],
  VIGIE_UPS_NAME: ['ups.name', 'string'],
  VIGIE_UPS_HOST: ['ups.host', 'string'],
} as const satisfies EnvKeys;

/** `readToken: false` leaves `tokenFile` unread (`vigie-agent enrol` is what writes it). */
export type LoadAgentConfigInput = LoadConfigInput & { readonly readToken?: boolean };

/** Reads the YAML file, applies `VIGIE_*` overrides and defaults, validates every key, resolves the token. */
export function loadAgentConfig(input: LoadAgentConfigInput): AgentConfig {
  const { config: cfg, source, readFile } = loadConfig(AgentConfigSchema, ENV_KEYS, input, 'agent configuration');
  if (cfg.requestTimeoutMs >= cfg.heartbeatIntervalSeconds * 1000) {
    throw new AppError(
      'ERR_CONFIG_INVALID',
      `${source}: requestTimeoutMs is invalid, expected less than heartbeatIntervalSeconds × 1000 = ${cfg.heartbeatIntervalSeconds * 1000} (actual: ${cfg.requestTimeoutMs})`,
    );
  }
  const token = cfg.token ?? (input.readToken === false ? undefined : readOptionalFile(source, 'tokenFile', cfg.tokenFile, readFile)?.trim());
  const ca = readOptionalFile(source, 'caFile', cfg.caFile, readFile);
  if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw new AppError('ERR_CONFIG_INVALID', `${source}: caFile is invalid, expected a PEM file of certificates (actual: '${cfg.caFile}' has no BEGIN CERTIFICATE)`);
  }
  const { collectorUrl, collectorUrls, ...rest } = cfg;
  const urls = collectorUrlsOf(source, collectorUrl, collectorUrls, input.env['VIGIE_COLLECTOR_URL']);
  return Object.freeze({ ...rest, token, ca, collectorUrls: Object.freeze(urls), collectorUrl: urls[0]! });
}

function readOptionalFile(source: string, key: string, path: string | undefined, readFile: (p: string) => string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFile(path);
  } catch (err) {
    throw new AppError('ERR_CONFIG_UNREADABLE', `${source}: ${key} is invalid, expected a readable file (actual: '${path}': ${(err as Error).message})`);
  }
}

/** VIGIE_COLLECTOR_URL overrides the file; in the file, `collectorUrl` is the one-URL alias of `collectorUrls`. */
function collectorUrlsOf(source: string, single: string | undefined, list: readonly string[] | undefined, fromEnv: string | undefined): string[] {
  if (fromEnv !== undefined && fromEnv !== '') return [fromEnv];
  if (single !== undefined && list !== undefined) {
    throw new AppError('ERR_CONFIG_INVALID', `${source}: collectorUrl is invalid, expected either collectorUrl or collectorUrls, not both (actual: '${single}')`);
  }
  return list !== undefined ? [...list] : [single ?? DEFAULT_COLLECTOR_URL];
}
