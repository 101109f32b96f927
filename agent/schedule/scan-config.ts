// The `scan` key of the agent configuration (nightly quota + spaces scan), with Scribe defaults, and how it
// turns into the probes' own configs. The lead adds `scan: ScanConfigSchema` to AgentConfigSchema.
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_PROFILE_GROUPS } from '../probes/profiles/profile-map.ts';
import type { ProfileProbeConfig } from '../probes/profiles/profile-probe.ts';
import type { QuotaProbeConfig } from '../probes/quota/quota-probe.ts';
import { DEFAULT_LAYOUT, type SpacesLayoutConfig } from '../probes/spaces/layout.ts';
import type { SpacesProbeConfig } from '../probes/spaces/spaces-probe.ts';
import { DEFAULT_WALKER } from '../probes/spaces/walk-spaces.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';

const Names = (description: string) => Type.Array(Type.String({ minLength: 1 }), { description });

export const ScanConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run the nightly scan and send its report.' }),
    cron: Type.String({ default: '0 30 2 * * *', description: 'node-cron expression (6 fields, seconds first) of the scan, in `timezone`.' }),
    timezone: Type.String({ default: PARIS_TIME_ZONE, description: 'IANA time zone of the cron expression.' }),
    maxOffsetSeconds: Type.Integer({
      minimum: 0, maximum: 21_600, default: 3600,
      description: 'Each server waits a stable offset in [0, this) after the cron tick, derived from its UAI and machine, so a fleet does not scan and push at once.',
    }),
    catchUpDelaySeconds: Type.Integer({
      minimum: 0, maximum: 86_400, default: 3600,
      description: 'A server whose last successful scan is older than 24 h (or unknown) scans at a random delay in [0, this) after the agent starts.',
    }),
    budgetSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 14_400, description: 'Time budget of one scan; past it the figures are kept and flagged partial.' }),
    workers: Type.Integer({ minimum: 1, maximum: 16, default: 2, description: 'Walker worker threads.' }),
    walker: Type.Union([Type.Literal('find'), Type.Literal('node')], {
      default: 'find',
      description: "How spaces are walked (same figures): 'find' = `workers` GNU find processes (/usr/bin/find -printf) parsed by the agent ('node' when /usr/bin/find is missing); 'node' = worker threads with fs.lstatSync, for servers without GNU find.",
    }),
    walkerNiceness: Type.Integer({ minimum: 0, maximum: 19, default: 19, description: 'CPU niceness of the walker threads (19 = lowest priority).' }),
    topFiles: Type.Integer({ minimum: 0, maximum: 100, default: 10, description: 'Largest files listed per space.' }),
    maxErrorsPerSpace: Type.Integer({ minimum: 0, maximum: 50, default: 20, description: 'Unreadable entries listed per space (all are counted).' }),
    commandTimeoutSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 120, description: 'Timeout of one repquota or getent run.' }),
    repquotaPath: Type.String({ default: '/usr/sbin/repquota', description: 'Absolute path of repquota.' }),
    quotaMounts: Type.Union([Names('Mount points'), Type.Literal('all')], {
      default: ['/home'],
      description: "Mount points reported by repquota (CSV per mount), or 'all' for `repquota -a` (plain table).",
    }),
    quotaNumericIds: Type.Boolean({ default: false, description: 'Run repquota with -n (no name lookups; logins resolved with getent instead).' }),
    getentPath: Type.String({ default: '/usr/bin/getent', description: 'Absolute path of getent.' }),
    profileGroups: Type.Object(
      {
        eleve: Names('Unix groups of pupils (`name*` = prefix).'),
        enseignant: Names('Unix groups of teachers.'),
        administratif: Names('Unix groups of administrative staff.'),
        priority: Type.Array(Type.Union([Type.Literal('eleve'), Type.Literal('enseignant'), Type.Literal('administratif')]), {
          description: 'Which profile wins when a user is in several.',
        }),
      },
      { additionalProperties: false, default: DEFAULT_PROFILE_GROUPS, description: 'Group names per profile.' },
    ),
    layout: Type.Partial(
      Type.Object({
        homeDir: Type.String(), adhomesDir: Type.String(), workgroupsDir: Type.String(), classesDir: Type.String(),
        optionsDir: Type.String(), mailDir: Type.String(), persoSubdir: Type.String(),
        groupSubdirs: Type.Tuple([Type.String(), Type.String()]), profsPrefix: Type.String(),
        shares: Type.Object(
          {
            commun: Type.String(), communTravail: Type.String(), professeurs: Type.String(), devoirs: Type.String(),
            salleDesProfs: Type.String(), mediaprof: Type.String(),
          },
          { additionalProperties: false },
        ),
        adminLogin: Type.String(), importationSubdir: Type.String(), recyclageNames: Names('Recycle folder names.'),
        includeOtherShares: Type.Boolean(),
      }),
      { additionalProperties: false, default: {}, description: 'Overrides of the Scribe layout (server paths; see agent/probes/spaces/layout.ts DEFAULT_LAYOUT).' },
    ),
  },
  { additionalProperties: false, default: {}, description: 'Nightly scan: quotas and user-space sizes.' },
);
export type ScanConfigInput = Static<typeof ScanConfigSchema>;

/** Everything with defaults filled in (whether or not the validator applied the schema defaults). */
export interface ScanConfig {
  enabled: boolean;
  cron: string;
  timezone: string;
  maxOffsetSeconds: number;
  catchUpDelaySeconds: number;
  budgetSeconds: number;
  quota: QuotaProbeConfig;
  profiles: ProfileProbeConfig;
  spaces: Omit<SpacesProbeConfig, 'rootDir'>;
}

export function resolveScanConfig(input: Partial<ScanConfigInput> = {}): ScanConfig {
  const timeoutMs = (input.commandTimeoutSeconds ?? 120) * 1000;
  const layout: SpacesLayoutConfig = { ...DEFAULT_LAYOUT, ...(input.layout ?? {}) } as SpacesLayoutConfig;
  return {
    enabled: input.enabled ?? true,
    cron: input.cron ?? '0 30 2 * * *',
    timezone: input.timezone ?? PARIS_TIME_ZONE,
    maxOffsetSeconds: input.maxOffsetSeconds ?? 3600,
    catchUpDelaySeconds: input.catchUpDelaySeconds ?? 3600,
    budgetSeconds: input.budgetSeconds ?? 14_400,
    quota: {
      repquotaPath: input.repquotaPath ?? '/usr/sbin/repquota',
      mounts: input.quotaMounts ?? ['/home'],
      timeoutMs,
      numericIds: input.quotaNumericIds ?? false,
    },
    profiles: { getentPath: input.getentPath ?? '/usr/bin/getent', timeoutMs, groups: input.profileGroups ?? DEFAULT_PROFILE_GROUPS },
    spaces: {
      layout,
      workers: input.workers ?? 2,
      walker: input.walker ?? DEFAULT_WALKER,
      topN: input.topFiles ?? 10,
      nice: input.walkerNiceness ?? 19,
      maxErrorsPerSpace: input.maxErrorsPerSpace ?? 20,
    },
  };
}
