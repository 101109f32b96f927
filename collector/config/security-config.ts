// The collector's own security keys: who may read /metrics, and the TLS certificate it serves HTTPS with.
import { Type, type Static } from '@sinclair/typebox';

/** `metrics`: credentials Prometheus must present to scrape `/metrics` (none: open, as before). */
export const MetricsConfigSchema = Type.Object(
  {
    bearerToken: Type.Optional(
      Type.String({ minLength: 16, description: "Token Prometheus sends as `Authorization: Bearer …` (its scrape config's `authorization.credentials`)." }),
    ),
    basicAuth: Type.Optional(
      Type.Object(
        {
          username: Type.String({ minLength: 1, description: 'User name of HTTP Basic auth.' }),
          password: Type.String({ minLength: 16, description: 'Password of HTTP Basic auth.' }),
        },
        { additionalProperties: false, description: "HTTP Basic credentials (Prometheus' `basic_auth`)." },
      ),
    ),
  },
  { default: {}, additionalProperties: false, description: 'Who may scrape /metrics: a bearer token, Basic credentials, or both (either is accepted); open when unset.' },
);
export type MetricsConfig = Static<typeof MetricsConfigSchema>;

/** `tls`: serve HTTPS from these PEM files (re-read on SIGHUP, so a renewed certificate needs no restart). */
export const TlsConfigSchema = Type.Object(
  {
    certFile: Type.String({ minLength: 1, description: 'PEM file of the certificate (with its chain).' }),
    keyFile: Type.String({ minLength: 1, description: 'PEM file of its private key.' }),
  },
  { additionalProperties: false, description: 'Serve HTTPS with this certificate and key (re-read on SIGHUP); plain HTTP when unset.' },
);
export type TlsConfig = Static<typeof TlsConfigSchema>;

/** `ingestRateLimit`: pushes one agent token may make per window; past it, 429 with `Retry-After`. */
export const IngestRateLimitConfigSchema = Type.Object(
  {
    max: Type.Integer({
      minimum: 1,
      maximum: 1_000_000,
      default: 120,
      description: 'Pushes per window and per token (a heartbeat a minute plus a spool of events and reports sent after an outage).',
    }),
    windowSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 60, description: 'Length of the window in seconds.' }),
    cacheSize: Type.Integer({ minimum: 100, maximum: 10_000_000, default: 50_000, description: 'Tokens (and addresses) remembered at once; the fleet plus room for strangers.' }),
  },
  { default: {}, additionalProperties: false, description: 'Per-token rate limit of the agent pushes, so one agent cannot starve the others.' },
);
export type IngestRateLimitConfig = Static<typeof IngestRateLimitConfigSchema>;
