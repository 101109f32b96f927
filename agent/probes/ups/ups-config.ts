// The `ups` key of the agent configuration: which UPS (NUT) to read with `upsc` at each heartbeat.
import { Type, type Static } from '@sinclair/typebox';

export const UpsConfigSchema = Type.Object(
  {
    enabled: Type.Union([Type.Literal('auto'), Type.Literal('true'), Type.Literal('false'), Type.Boolean()], {
      default: 'auto',
      description: "Read a UPS at each heartbeat: 'auto' = the one named by `name`, else the first `upsc -l` lists (nothing said when there is none); 'true' = the same, but warn when none is found; 'false' = never.",
    }),
    name: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.-]{1,64}(@[A-Za-z0-9_.:\\[\\]-]{1,128})?$',
        description: 'The UPS as NUT names it, `ups[@host[:port]]`, e.g. `eaton@localhost` (default: discovered with `upsc -l`).',
      }),
    ),
    host: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.:\\[\\]-]{1,128}$',
        description: 'The upsd asked by the discovery (`upsc -l <host>`), `host[:port]` (default: localhost).',
      }),
    ),
    upscPath: Type.String({ pattern: '^/', default: '/usr/bin/upsc', description: 'Absolute path of NUT upsc.' }),
    timeoutMs: Type.Integer({
      minimum: 100,
      maximum: 10_000,
      default: 2000,
      description: 'Timeout of one upsc run, in ms: a heartbeat never waits longer than that for the UPS.',
    }),
    rediscoverSeconds: Type.Integer({
      minimum: 60,
      maximum: 86_400,
      default: 3600,
      description: 'How long a discovery (`upsc -l`), or the finding that upsc is missing, is trusted before asking again.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'The UPS (onduleur) behind the server, read with NUT upsc.' },
);
export type UpsConfig = Static<typeof UpsConfigSchema>;

/** `ups.enabled` as one of its three modes (YAML `true`/`false` booleans and strings mean the same). */
export function upsMode(enabled: UpsConfig['enabled']): 'auto' | 'true' | 'false' {
  return typeof enabled === 'boolean' ? (enabled ? 'true' : 'false') : enabled;
}
