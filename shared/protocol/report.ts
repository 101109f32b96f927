import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, envelopeFields } from './common.ts';
import { QuotaSectionSchema } from './quota-section.ts';
import { SpacesSectionSchema } from './spaces-section.ts';

/** How one probe went (node_exporter's scrape_collector_success, per probe). */
export const ProbeStatusSchema = Type.Object(
  {
    probe: Type.String({ description: 'Probe name, e.g. `quota`, `spaces`.' }),
    ok: Type.Boolean(),
    durationMs: Type.Integer({ minimum: 0 }),
    errorCode: Type.Optional(Type.String()),
    errorMessage: Type.Optional(Type.String()),
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
    quota: Type.Optional(QuotaSectionSchema),
    spaces: Type.Optional(SpacesSectionSchema),
  },
  { additionalProperties: false, $id: 'Report' },
);
export type Report = Static<typeof ReportSchema>;
