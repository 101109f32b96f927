import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, envelopeFields, MAX_COUNT } from './common.ts';
import { QuotaSectionSchema } from './quota-section.ts';
import { SpacesSectionSchema } from './spaces-section.ts';

/** How one probe went (node_exporter's scrape_collector_success, per probe). */
export const ProbeStatusSchema = Type.Object(
  {
    probe: Type.String({ description: 'Probe name, e.g. `quota`, `spaces`.' }),
    ok: Type.Boolean({ description: 'True when the probe produced its section.' }),
    durationMs: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'How long the probe ran, in ms.' }),
    errorCode: Type.Optional(Type.String({ description: 'Error code when the probe failed, e.g. `ERR_COMMAND_TIMEOUT`.' })),
    errorMessage: Type.Optional(Type.String({ description: 'What went wrong, when the probe failed.' })),
  },
  { additionalProperties: false },
);
export type ProbeStatus = Static<typeof ProbeStatusSchema>;

/** `POST /api/v1/report`: the result of a (nightly) scan: quotas and user-space sizes. */
export const ReportSchema = Type.Object(
  {
    ...envelopeFields,
    startedAt: { ...InstantSchema, description: 'When the scan started.' },
    finishedAt: { ...InstantSchema, description: 'When the scan finished.' },
    probes: Type.Array(ProbeStatusSchema, { maxItems: 16, description: 'One status per probe run.' }),
    quota: Type.Optional({ ...QuotaSectionSchema, description: 'Disk quotas per user (repquota), when the quota probe ran.' }),
    spaces: Type.Optional({ ...SpacesSectionSchema, description: 'Sizes of user spaces, when the spaces probe ran.' }),
  },
  { additionalProperties: false, $id: 'Report' },
);
export type Report = Static<typeof ReportSchema>;
